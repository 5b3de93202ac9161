using System.Text.Json.Nodes;
using WildDns.Acme.Jws;
using WildDns.Acme.Resources;

namespace WildDns.Acme.Api;

/// <summary>The account resource (RFC 8555 §7.3): find the account of the core's key, or create it.</summary>
public sealed class AccountService(AcmeCore core)
{
    /// <summary>
    /// The account for the key, found with <c>onlyReturnExisting</c> (RFC 8555 §7.3.1), else created with
    /// <paramref name="contact"/> (e.g. <c>mailto:ops@example.com</c>) and, when given, an External Account Binding (§7.3.4).
    /// Sets <see cref="AcmeCore.AccountUrl"/>.
    /// </summary>
    public async Task<AcmeAccount> FindOrCreateAsync(
        IReadOnlyList<string> contact, bool termsOfServiceAgreed, ExternalAccountBinding? binding, CancellationToken cancellationToken)
    {
        return await FindAsync(cancellationToken).ConfigureAwait(false)
            ?? await CreateAsync(contact, termsOfServiceAgreed, binding, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The existing account of the key, or null when the server has none (<c>accountDoesNotExist</c>).</summary>
    public async Task<AcmeAccount?> FindAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await core.PostWithKeyAsync(core.Directory.NewAccount, new JsonObject { ["onlyReturnExisting"] = true }, cancellationToken)
                .ConfigureAwait(false);
            return Remember(response, created: false);
        }
        catch (AcmeException exception) when (exception.Type == AcmeErrorTypes.AccountDoesNotExist)
        {
            return null;
        }
    }

    /// <summary>Creates an account (RFC 8555 §7.3); a server that already has one for the key returns that one.</summary>
    public async Task<AcmeAccount> CreateAsync(
        IReadOnlyList<string> contact, bool termsOfServiceAgreed, ExternalAccountBinding? binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var payload = new JsonObject
        {
            ["termsOfServiceAgreed"] = termsOfServiceAgreed,
            ["contact"] = new JsonArray([.. contact.Select(value => JsonValue.Create(value))]),
        };
        if (binding is not null)
        {
            payload["externalAccountBinding"] = JsonNode.Parse(binding.Sign(core.Signer.PublicKey, core.Directory.NewAccount));
        }
        else if (core.Directory.Meta?.ExternalAccountRequired == true)
        {
            throw new AcmeException(
                new AcmeProblem
                {
                    Type = AcmeErrorTypes.ExternalAccountRequired,
                    Detail = "the ACME server requires an External Account Binding (its directory says externalAccountRequired); configure its key ID and MAC key",
                },
                null);
        }

        var response = await core.PostWithKeyAsync(core.Directory.NewAccount, payload, cancellationToken).ConfigureAwait(false);
        return Remember(response, created: true);
    }

    private AcmeAccount Remember(AcmeResponse response, bool created)
    {
        var url = response.Location
            ?? throw new AcmeException(AcmeProblem.FromStatus((int)response.Status, "the ACME server's newAccount answer has no Location header"), null);
        var account = response.Read<AcmeAccount>(core.Directory.NewAccount) with { Url = url, Created = created };
        core.AccountUrl = url;
        return account;
    }
}
