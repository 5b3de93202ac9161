using System.Security.Cryptography.X509Certificates;
using WildDns.Acme.Api;
using WildDns.Acme.Dns01;
using WildDns.Acme.Renewal;
using WildDns.Acme.Resources;

namespace WildDns.Acme;

/// <summary>
/// An ACME (RFC 8555) client bound to one account: the core (signer, nonces, directory) and one service per resource,
/// plus the DNS-01 flow of <see cref="Dns01Order"/>. Thread-safe: orders may run concurrently on one client.
/// </summary>
/// <example>
/// <code>
/// using var client = await AcmeClient.ConnectAsync(new AcmeClientOptions { DirectoryUrl = url, AccountKey = key });
/// var order = await client.BeginDns01OrderAsync(["*.x.example.test", "x.example.test"]);
/// foreach (var challenge in order.Challenges) { await Publish(challenge.RecordName, challenge.TxtValue); }
/// await order.AnswerAllAsync();
/// var chain = await order.FinalizeAsync(csrDer);
/// </code>
/// </example>
public sealed class AcmeClient : IDisposable
{
    private readonly HttpClient? ownedHttp;

    private AcmeClient(AcmeCore core, AcmeAccount account, HttpClient? ownedHttp)
    {
        this.ownedHttp = ownedHttp;
        Core = core;
        Account = account;
        Accounts = new AccountService(core);
        Orders = new OrderService(core);
        Authorizations = new AuthorizationService(core);
        Challenges = new ChallengeService(core);
        Certificates = new CertificateService(core);
        RenewalInfo = new RenewalInfoService(core);
    }

    public AcmeCore Core { get; }

    /// <summary>The account found or created at connect.</summary>
    public AcmeAccount Account { get; }

    public AccountService Accounts { get; }

    public OrderService Orders { get; }

    public AuthorizationService Authorizations { get; }

    public ChallengeService Challenges { get; }

    public CertificateService Certificates { get; }

    public RenewalInfoService RenewalInfo { get; }

    /// <summary>Reads the directory and finds the account of the key, or creates it (with EAB when configured).</summary>
    public static async Task<AcmeClient> ConnectAsync(AcmeClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ownedHttp = options.HttpClient is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        try
        {
            var core = await AcmeCore.CreateAsync(
                options.HttpClient ?? ownedHttp!, options.DirectoryUrl, options.AccountKey, options.Time, options.Polling, cancellationToken).ConfigureAwait(false);
            var account = await new AccountService(core)
                .FindOrCreateAsync(options.Contact, options.TermsOfServiceAgreed, options.ExternalAccountBinding, cancellationToken)
                .ConfigureAwait(false);
            return new AcmeClient(core, account, ownedHttp);
        }
        catch
        {
            ownedHttp?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Places an order for <paramref name="dnsNames"/> and reads its authorizations' DNS-01 challenges. When
    /// <paramref name="replacing"/> is a certificate from this CA that has not expired yet and the server offers ARI, the
    /// order names it in <c>replaces</c> (RFC 9773 §5), so the CA can treat it as a renewal; if the CA says that
    /// certificate was already replaced, the order is placed again without it.
    /// </summary>
    /// <exception cref="AcmeException">The server refused; <see cref="AcmeException.IsRateLimited"/> with its Retry-After when rate limited.</exception>
    public async Task<Dns01Order> BeginDns01OrderAsync(
        IReadOnlyList<string> dnsNames, X509Certificate2? replacing = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        var identifiers = dnsNames.Select(name => AcmeIdentifier.Dns(name.TrimEnd('.').ToLowerInvariant())).Distinct().ToArray();
        var replaces = replacing is not null && RenewalInfo.IsOffered && replacing.NotAfter.ToUniversalTime() > Core.Time.GetUtcNow().UtcDateTime
            ? CertificateIdentifier.For(replacing)
            : null;
        AcmeOrder order;
        try
        {
            order = await Orders.CreateAsync(identifiers, replaces, cancellationToken).ConfigureAwait(false);
        }
        catch (AcmeException exception) when (replaces is not null && exception.Type == AcmeErrorTypes.AlreadyReplaced)
        {
            order = await Orders.CreateAsync(identifiers, null, cancellationToken).ConfigureAwait(false);
        }

        return await Dns01Order.LoadAsync(this, order, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens an order placed earlier (its <see cref="Dns01Order.Url"/>), e.g. after a restart, in whatever state it is.</summary>
    public async Task<Dns01Order> OpenDns01OrderAsync(Uri orderUrl, CancellationToken cancellationToken = default)
    {
        var order = await Orders.GetAsync(orderUrl, cancellationToken).ConfigureAwait(false);
        return await Dns01Order.LoadAsync(this, order, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => ownedHttp?.Dispose();
}
