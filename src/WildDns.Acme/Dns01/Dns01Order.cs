using WildDns.Acme.Api;
using WildDns.Acme.Resources;

namespace WildDns.Acme.Dns01;

/// <summary>
/// An order driven through DNS-01, in the steps a caller that publishes its own TXT records needs: read
/// <see cref="Challenges"/> and publish each value; call <see cref="AnswerAllAsync"/> once every nameserver serves them;
/// then <see cref="FinalizeAsync"/> with the CSR, which waits for validation, finalizes and downloads the chain. Made by
/// <see cref="AcmeClient.BeginDns01OrderAsync"/>, or by <see cref="AcmeClient.OpenDns01OrderAsync"/> from a stored
/// <see cref="Url"/> after a restart.
/// </summary>
public sealed class Dns01Order
{
    private readonly AcmeClient client;

    internal Dns01Order(AcmeClient client, AcmeOrder order, IReadOnlyList<Dns01Challenge> challenges)
    {
        this.client = client;
        Order = order;
        Challenges = challenges;
    }

    /// <summary>The order's URL: store it to resume the order later.</summary>
    public Uri Url => Order.Url;

    /// <summary>The order as last read.</summary>
    public AcmeOrder Order { get; private set; }

    /// <summary>
    /// The TXT records to publish, one per authorization still pending; empty when the server reused valid authorizations
    /// (RFC 8555 §7.1.3 lets it) or the order is past that step.
    /// </summary>
    public IReadOnlyList<Dns01Challenge> Challenges { get; }

    /// <summary>The record names to publish at, each once (a wildcard and its base name share one).</summary>
    public IReadOnlyList<string> RecordNames => [.. Challenges.Select(challenge => challenge.RecordName).Distinct(StringComparer.OrdinalIgnoreCase)];

    internal static async Task<Dns01Order> LoadAsync(AcmeClient client, AcmeOrder order, CancellationToken cancellationToken)
    {
        var challenges = new List<Dns01Challenge>();
        foreach (var url in order.Authorizations)
        {
            var authorization = await client.Authorizations.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (authorization.Status != AcmeStatus.Pending)
            {
                continue;
            }

            var challenge = authorization.Challenges.FirstOrDefault(candidate => candidate.Type == AcmeChallenge.Dns01)
                ?? throw new AcmeException(
                    new AcmeProblem { Detail = $"authorization {url} for {authorization.Identifier.Value} offers no dns-01 challenge" },
                    null);
            if (challenge.Token is not { Length: > 0 } token)
            {
                throw new AcmeException(new AcmeProblem { Detail = $"the dns-01 challenge {challenge.Url} has no token" }, null);
            }

            var keyAuthorization = KeyAuthorization.For(token, client.Core.Signer.Thumbprint);
            var identifier = authorization.Wildcard ? $"*.{authorization.Identifier.Value}" : authorization.Identifier.Value;
            challenges.Add(new Dns01Challenge
            {
                Identifier = identifier,
                RecordName = KeyAuthorization.RecordName(authorization.Identifier.Value),
                TxtValue = KeyAuthorization.TxtValue(keyAuthorization),
                KeyAuthorization = keyAuthorization,
                ChallengeUrl = challenge.Url,
                AuthorizationUrl = url,
            });
        }

        return new Dns01Order(client, order, challenges);
    }

    /// <summary>Tells the server to validate <paramref name="challenge"/> (RFC 8555 §7.5.1): its TXT value must be served by now.</summary>
    public Task AnswerAsync(Dns01Challenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return client.Challenges.AnswerAsync(challenge.ChallengeUrl, cancellationToken);
    }

    /// <summary>Answers every challenge in <see cref="Challenges"/>.</summary>
    public async Task AnswerAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var challenge in Challenges)
        {
            await AnswerAsync(challenge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits (bounded, honouring Retry-After) until every authorization is decided and the order is <c>ready</c>; an
    /// <see cref="AcmeException"/> with the server's reason (e.g. <c>unauthorized</c>: wrong TXT value) when one fails.
    /// </summary>
    public async Task<AcmeOrder> WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        foreach (var challenge in Challenges)
        {
            var authorization = await client.Authorizations.WaitWhilePendingAsync(challenge.AuthorizationUrl, cancellationToken).ConfigureAwait(false);
            if (authorization.Status != AcmeStatus.Valid)
            {
                var failed = authorization.Challenges.FirstOrDefault(candidate => candidate.Url == challenge.ChallengeUrl)?.Error;
                throw new AcmeException(
                    failed ?? new AcmeProblem { Detail = $"authorization for {challenge.Identifier} is {authorization.Status}" },
                    authorization.RetryAfter);
            }
        }

        Order = await client.Orders.WaitWhileBusyAsync(Url, cancellationToken).ConfigureAwait(false);
        return Order.Status is AcmeStatus.Ready or AcmeStatus.Valid ? Order : throw Failed(Order);
    }

    /// <summary>
    /// Finalizes with <paramref name="csrDer"/> (the CSR in DER; the CA checks its names equal the order's) and downloads the
    /// chain, first waiting for the authorizations as <see cref="WaitUntilReadyAsync"/> does. Resumes where the order is:
    /// a <c>processing</c> order is waited on, a <c>valid</c> one only downloaded.
    /// </summary>
    public async Task<CertificateChain> FinalizeAsync(ReadOnlyMemory<byte> csrDer, CancellationToken cancellationToken = default)
    {
        Order = await client.Orders.GetAsync(Url, cancellationToken).ConfigureAwait(false);
        if (Order.Status == AcmeStatus.Pending)
        {
            await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Order.Status == AcmeStatus.Ready)
        {
            Order = await client.Orders.FinalizeAsync(Order, csrDer, cancellationToken).ConfigureAwait(false);
        }

        if (Order.Status == AcmeStatus.Processing)
        {
            Order = await client.Orders.WaitWhileBusyAsync(Url, cancellationToken).ConfigureAwait(false);
        }

        if (Order is not { Status: AcmeStatus.Valid, Certificate: { } certificate })
        {
            throw Failed(Order);
        }

        return await client.Certificates.DownloadAsync(certificate, cancellationToken).ConfigureAwait(false);
    }

    private static AcmeException Failed(AcmeOrder order) =>
        new(order.Error ?? new AcmeProblem { Detail = $"order {order.Url} is {order.Status}" }, order.RetryAfter);
}
