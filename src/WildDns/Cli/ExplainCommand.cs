using System.CommandLine;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Options;
using WildDns.Configuration;
using WildDns.Core.Synthesis;
using WildDns.Dns.Answers;
using WildDns.Dns.Wire;
using WildDns.Hosting;

namespace WildDns.Cli;

/// <summary><c>wilddns explain</c>: runs a name through the same answer engine the server uses and says why it answers so.</summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "the DNS name to ask about" };
        var type = new Option<string>("--type") { Description = "record type: A, AAAA, CNAME, TXT, ... or a number", HelpName = "TYPE", DefaultValueFactory = _ => "A" };
        var command = new Command("explain", "print how the server answers a name, and why, from the zones it would load") { name, type };

        // --zones and any --Section:Key value: the zone settings the server would read.
        command.TreatUnmatchedTokensAsErrors = false;
        command.Add(CommandLineSwitches.CreateOption(CommandLineSwitches.Zones));
        command.SetAction((result, _) => WildDnsCommandLine.RunAsync(result, () => Task.FromResult(Run(result, result.GetValue(name)!, result.GetValue(type)!))));
        return command;
    }

    private static int Run(ParseResult result, string name, string typeText)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        if (!TryParseType(typeText, out var type))
        {
            stderr.WriteLine($"wilddns explain: '{typeText}' is not a record type such as A, AAAA, CNAME, TXT or a number.");
            return ExitCodes.Usage;
        }

        var configuration = WildDnsConfiguration.Build(CommandLineSwitches.Read(result));
        var zones = SettingsBinder.Bind<ZoneSettings>(configuration, ZoneSettings.Section);
        AnswerEngine engine;
        try
        {
            engine = new AnswerEngine(new ZoneCatalogSource(Options.Create(zones)).Load(), new AnswerOptions
            {
                AddressTtl = (uint)zones.AddressTtl,
                AliasTtl = (uint)zones.AliasTtl,
                ChallengeTtl = (uint)zones.ChallengeTtl,
            });
        }
        catch (InvalidDataException e)
        {
            stderr.WriteLine($"wilddns: zone error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ArgumentException e)
        {
            // A zone policy the settings make impossible, such as equal type labels.
            stderr.WriteLine($"wilddns: configuration error: {ZoneSettings.Section}: {e.Message}");
            return ExitCodes.Usage;
        }

        Explain(engine, name, type, stdout);
        return ExitCodes.Ok;
    }

    public static void Explain(AnswerEngine engine, string name, ushort type, TextWriter stdout)
    {
        var decision = engine.Policy.Decide(name, type);
        var query = new byte[512];
        var response = new byte[AnswerEngine.ResponseBufferSize];
        var outcome = engine.Answer(query.AsSpan(0, QueryMessage.Write(query, 1, name, type)), response, overTcp: true);
        var message = DnsMessage.Parse(new ArraySegment<byte>(response, 0, outcome.Length));
        stdout.WriteLine($"{name.TrimEnd('.')}. {((RecordType)type).ToString().ToUpperInvariant()}");
        stdout.WriteLine(outcome.Category == AnswerCategory.Static
            ? "  rule:     Static: the zone file has records at this name, and they win over synthesis."
            : $"  rule:     {decision.Kind}: {Describe(decision.Reason)}");
        stdout.WriteLine($"  response: {message.ReturnCode}{(message.IsAuthoritiveAnswer ? ", authoritative" : string.Empty)} ({outcome.Category})");
        foreach (var (section, records) in new[] { ("answer", message.AnswerRecords), ("authority", message.AuthorityRecords), ("additional", message.AdditionalRecords) })
        {
            foreach (var record in records)
            {
                stdout.WriteLine($"  {section,-11}{record}");
            }
        }

        if (decision.Kind == AnswerKind.Challenge)
        {
            stdout.WriteLine("  (challenge values live in the running server: 'wilddns challenge list' shows them)");
        }
    }

    /// <summary>One sentence per reason, for people reading <c>explain</c> output.</summary>
    public static string Describe(DecisionReason reason) => reason switch
    {
        DecisionReason.AddressDecoded => "the payload decodes as an address of the asked family.",
        DecisionReason.AliasDecoded => "the payload decodes as a host name, answered with a CNAME for every type.",
        DecisionReason.ChallengeName => "an ACME challenge name; TXT answers are the values published there.",
        DecisionReason.ZoneApex => "the zone apex; its records come from the zone file.",
        DecisionReason.ScopeAncestor => "a scope or part of one: names below it have answers, so it exists with no data (RFC 8020).",
        DecisionReason.OtherRecordType => "the name exists but has no record of this type.",
        DecisionReason.AddressNotAllowed => "the address is outside the zone's allowed networks.",
        DecisionReason.TypeLabelWantsAddress => "the scope's address type label asks for an address, and the payload is none.",
        DecisionReason.TypeLabelWantsHostName => "the scope's alias type label asks for a host name, and the payload is none.",
        DecisionReason.PrefixWantsAddress => "the 'ip-' prefix asks for an address, and the rest of the payload is none.",
        DecisionReason.PrefixWantsHostName => "the 'dn-' prefix asks for a host name, and the rest of the payload is none.",
        DecisionReason.PayloadNotDecodable => "the first label is neither an encoded address nor an encoded host name of two or more labels.",
        DecisionReason.ScopeTooDeep => "more identifier labels than the zone allows.",
        DecisionReason.TwoTypeLabels => "the scope holds two type labels.",
        DecisionReason.NoIdentifier => "the scope holds no identifier label.",
        DecisionReason.InvalidIdentifier => "a label below the zone is not letters, digits and inner hyphens.",
        DecisionReason.OutsideZones => "the name is in no served zone.",
        _ => reason.ToString(),
    };

    private static bool TryParseType(string text, out ushort type)
    {
        if (ushort.TryParse(text, out type))
        {
            return true;
        }

        var parsed = Enum.TryParse<RecordType>(text, ignoreCase: true, out var recordType) && Enum.IsDefined(recordType);
        type = (ushort)recordType;
        return parsed;
    }
}
