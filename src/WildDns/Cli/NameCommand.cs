using System.CommandLine;
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
    public static Command Create()
    {
        var target = new Argument<string>("address|host-name") { Description = "an IPv4 or IPv6 address, or a host name to alias" };
        var id = new Option<string>("--id") { Description = "the certid the name is under", HelpName = "CERTID", Required = true };
        var client = new Option<string?>("--client") { Description = "the client id, a second identifier label", HelpName = "ID" };
        var zone = new Option<string>("--zone") { Description = "the zone", HelpName = "ZONE", DefaultValueFactory = _ => "cert.example.com" };
        var cname = new Option<bool>("--cname") { Description = "under the alias type label: a CNAME to the host name" };
        var command = new Command("name", "print the DNS name that answers with an address, or aliases a host name") { target, id, client, zone, cname };
        command.SetAction(result =>
        {
            var name = Compose(result.GetValue(target)!, result.GetValue(id)!, result.GetValue(client), result.GetValue(zone)!.TrimEnd('.'), result.GetValue(cname), out var error);
            if (name is null)
            {
                result.InvocationConfiguration.Error.WriteLine($"wilddns name: {error}");
                return ExitCodes.Usage;
            }

            result.InvocationConfiguration.Output.WriteLine(name);
            return ExitCodes.Ok;
        });
        return command;
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
        if (!alias && LooksLikeIPv4(target) && !IsDottedQuad(target))
        {
            // No host name is all digits (its top-level label never is), so this is an address with a typo.
            error = $"'{target}' is not an IPv4 address: write four numbers 0-255 separated by dots, such as 192.168.2.1.";
            return null;
        }

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

    /// <summary>Only digits and dots, the way an IPv4 address is written.</summary>
    private static bool LooksLikeIPv4(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.') && text.Any(char.IsAsciiDigit);

    /// <summary>
    /// Four decimal numbers 0-255 (leading zeros refused, as they read as octal to some parsers); stricter than
    /// <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which takes <c>1.2.3</c> as 1.2.0.3.
    /// </summary>
    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4
            && parts.All(part => part.Length is > 0 and <= 3 && (part.Length == 1 || part[0] != '0')
                && int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
