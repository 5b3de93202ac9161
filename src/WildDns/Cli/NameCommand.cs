using System.Net;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;

namespace WildDns.Cli;

/// <summary>
/// <c>wilddns name</c>: the DNS name that answers with an address or alias.
/// <c>192.168.2.1 --id cald5f5f7ba45</c> → <c>192-168-2-1.cald5f5f7ba45.cert.example.com</c>;
/// <c>pacs.hospital-abc.com --id cald5f5f7ba45 --cname</c> → <c>pacs--hospital-abc--com.cald5f5f7ba45.cname.cert.example.com</c>.
/// </summary>
public static class NameCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? target = null;
        string? id = null;
        string? client = null;
        var zone = "cert.example.com";
        var alias = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--id" when i + 1 < args.Length:
                    id = args[++i];
                    break;
                case "--client" when i + 1 < args.Length:
                    client = args[++i];
                    break;
                case "--zone" when i + 1 < args.Length:
                    zone = args[++i].TrimEnd('.');
                    break;
                case "--cname":
                    alias = true;
                    break;
                case var value when !value.StartsWith("--", StringComparison.Ordinal) && target is null:
                    target = value;
                    break;
                default:
                    return Fail(stderr, $"unexpected argument '{args[i]}'");
            }
        }

        if (target is null || id is null)
        {
            return Fail(stderr, "usage: wilddns name <address|host-name> --id CERTID [--client ID] [--zone ZONE] [--cname]");
        }

        var result = Compose(target, id, client, zone, alias, out var error);
        if (result is null)
        {
            return Fail(stderr, error);
        }

        stdout.WriteLine(result);
        return 0;
    }

    /// <summary>The name, or null with the reason in <paramref name="error"/>; the result is checked by decoding it again.</summary>
    public static string? Compose(string target, string id, string? client, string zone, bool alias, out string error)
    {
        ZonePolicy policy;
        try
        {
            policy = new ZonePolicy(zone);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }

        var scope = client is null ? id : $"{id}.{client}";
        string payload;
        if (!alias && IPAddress.TryParse(target, out var address) && !target.Contains("--", StringComparison.Ordinal))
        {
            try
            {
                payload = EncodedAddress.Encode(address);
            }
            catch (ArgumentException e)
            {
                error = e.Message;
                return null;
            }
        }
        else if (!EncodedHostName.TryEncode(target, out payload, out error))
        {
            return null;
        }
        else if (alias)
        {
            scope = $"{scope}.{policy.AliasLabel}";
        }
        else if (payload.StartsWith("ip-", StringComparison.Ordinal) || payload.StartsWith("dn-", StringComparison.Ordinal))
        {
            error = $"'{target}' starts with '{payload[..3]}', which reads as a type prefix; use --cname.";
            return null;
        }
        else if (EncodedAddress.TryDecode(payload, out _))
        {
            // The plain form would read as an address (rule 3), so say "host name" with the dn- prefix (rule 2).
            payload = "dn-" + payload;
        }

        var name = $"{payload}.{scope}.{policy.Origin}";
        var decision = new SynthesisPolicy([policy]).Decide(name, QueryType.Any);
        var expected = alias || !IPAddress.TryParse(target, out _) ? AnswerKind.Alias : AnswerKind.Address;
        if (decision.Kind != expected)
        {
            error = decision.Reason switch
            {
                DecisionReason.AddressNotAllowed => $"{target} is outside the allowed networks; the server would not answer it.",
                DecisionReason.ScopeTooDeep or DecisionReason.InvalidIdentifier or DecisionReason.TwoTypeLabels =>
                    $"'{scope}' is not a scope: identifiers are letters, digits and inner hyphens, at most {policy.MaxIdentifierLabels}, none equal to '{policy.AddressLabel}' or '{policy.AliasLabel}'.",
                _ => $"'{name}' would not decode back to {target} ({decision.Reason}).",
            };
            return null;
        }

        if (name.Length > EncodedHostName.MaxNameLength)
        {
            error = $"'{name}' is longer than {EncodedHostName.MaxNameLength} characters.";
            return null;
        }

        error = string.Empty;
        return name;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"wilddns name: {message}");
        return 2;
    }
}
