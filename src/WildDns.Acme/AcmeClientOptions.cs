using System.Security.Cryptography;
using WildDns.Acme.Api;
using WildDns.Acme.Jws;

namespace WildDns.Acme;

/// <summary>What <see cref="AcmeClient.ConnectAsync"/> needs: the directory, the account key and how to reach the server.</summary>
public sealed record AcmeClientOptions
{
    /// <summary>The ACME directory, e.g. <c>https://acme-v02.api.letsencrypt.org/directory</c>.</summary>
    public required Uri DirectoryUrl { get; init; }

    /// <summary>The account's P-256 key (see <see cref="AccountKeyStore"/>); the caller keeps ownership.</summary>
    public required ECDsa AccountKey { get; init; }

    /// <summary>Contact URLs for a new account, e.g. <c>mailto:ops@example.com</c>; ignored when the account exists.</summary>
    public IReadOnlyList<string> Contact { get; init; } = [];

    /// <summary>Agreement to the CA's terms of service, sent with a new account (RFC 8555 §7.3).</summary>
    public bool TermsOfServiceAgreed { get; init; } = true;

    /// <summary>The CA's External Account Binding key, when it requires one (RFC 8555 §7.3.4).</summary>
    public ExternalAccountBinding? ExternalAccountBinding { get; init; }

    /// <summary>
    /// The HTTP client to use; the caller keeps ownership. Extra trust for the server's TLS goes into its handler (see
    /// <see cref="AcmeTrust.CreateHandler(string)"/>). Null: a client with the system's trust, disposed with the
    /// <see cref="AcmeClient"/>.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    public PollingOptions Polling { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
