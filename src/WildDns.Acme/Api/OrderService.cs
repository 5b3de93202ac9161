using System.Buffers.Text;
using System.Text.Json.Nodes;
using WildDns.Acme.Resources;

namespace WildDns.Acme.Api;

/// <summary>The order resource (RFC 8555 §7.4): create, read, wait on and finalize orders.</summary>
public sealed class OrderService(AcmeCore core)
{
    /// <summary>
    /// A new order for <paramref name="identifiers"/>. <paramref name="replaces"/> is the ARI certificate identifier of the
    /// certificate this order renews (RFC 9773 §5), or null.
    /// </summary>
    public async Task<AcmeOrder> CreateAsync(IReadOnlyList<AcmeIdentifier> identifiers, string? replaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        if (identifiers.Count == 0)
        {
            throw new ArgumentException("an order needs at least one identifier", nameof(identifiers));
        }

        var payload = new JsonObject
        {
            ["identifiers"] = new JsonArray([.. identifiers.Select(identifier => new JsonObject { ["type"] = identifier.Type, ["value"] = identifier.Value })]),
        };
        if (replaces is not null)
        {
            payload["replaces"] = replaces;
        }

        var response = await core.PostAsync(core.Directory.NewOrder, payload, cancellationToken).ConfigureAwait(false);
        var url = response.Location
            ?? throw new AcmeException(AcmeProblem.FromStatus((int)response.Status, "the ACME server's newOrder answer has no Location header"), null);
        return response.Read<AcmeOrder>(core.Directory.NewOrder) with { Url = url, RetryAfter = response.RetryAfter };
    }

    /// <summary>The order's current state (POST-as-GET).</summary>
    public async Task<AcmeOrder> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var response = await core.PostAsGetAsync(url, cancellationToken).ConfigureAwait(false);
        return response.Read<AcmeOrder>(url) with { Url = url, RetryAfter = response.RetryAfter };
    }

    /// <summary>
    /// Polls the order while it is <c>pending</c> or <c>processing</c> (RFC 8555 §7.4), honouring Retry-After, and returns
    /// its first other state: <c>ready</c>, <c>valid</c> or <c>invalid</c>.
    /// </summary>
    public Task<AcmeOrder> WaitWhileBusyAsync(Uri url, CancellationToken cancellationToken) =>
        core.PollAsync(
            token => GetAsync(url, token),
            order => order.Status is not (AcmeStatus.Pending or AcmeStatus.Processing),
            order => order.RetryAfter,
            order => $"order {url} is still {order.Status}",
            cancellationToken);

    /// <summary>Sends the CSR (DER) to the order's finalize URL (RFC 8555 §7.4); the order is then processing or valid.</summary>
    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, ReadOnlyMemory<byte> csrDer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (csrDer.IsEmpty)
        {
            throw new ArgumentException("the CSR is empty", nameof(csrDer));
        }

        var response = await core.PostAsync(order.Finalize, new JsonObject { ["csr"] = Base64Url.EncodeToString(csrDer.Span) }, cancellationToken)
            .ConfigureAwait(false);
        return response.Read<AcmeOrder>(order.Finalize) with { Url = order.Url, RetryAfter = response.RetryAfter };
    }
}
