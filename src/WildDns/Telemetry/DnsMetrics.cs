using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WildDns.Dns.Answers;
using WildDns.Dns.Transport;

namespace WildDns.Telemetry;

/// <summary>
/// The <c>WildDns.Dns</c> meter: every answered message counted by transport, question type, answer kind and response
/// code, its latency, the TCP connections open, and the requests whose answering failed (answered SERVFAIL), each failure
/// also logged at most once a minute per transport and exception type; optionally a log line for a sample of messages.
/// </summary>
/// <remarks>
/// Called on the receive threads, so <see cref="OnAnswered"/> allocates nothing and looks nothing up by tags: the query
/// count is a plain increment of a slot per (transport, question type, answer kind, response code), striped by processor so
/// that cores do not contend for one cache line, and reported to the meter when it is collected. Every tag combination is
/// built once, at construction; question types and response codes fall into small fixed sets (anything else is
/// <c>other</c>), which also bounds the number of series a scraper sees. Thread-safe.
/// </remarks>
public sealed partial class DnsMetrics : IAnswerObserver
{
    public const string MeterName = "WildDns.Dns";

    // The question types a certificate zone is asked for, plus the ones resolvers and scanners commonly send.
    private static readonly (ushort Code, string Name)[] QuestionTypes =
    [
        (1, "A"), (2, "NS"), (5, "CNAME"), (6, "SOA"), (12, "PTR"), (15, "MX"), (16, "TXT"), (28, "AAAA"),
        (33, "SRV"), (43, "DS"), (48, "DNSKEY"), (64, "SVCB"), (65, "HTTPS"), (251, "IXFR"), (252, "AXFR"), (255, "ANY"), (257, "CAA"),
    ];

    // RFC 1035 §4.1.1, RFC 2136 §2.2 (NOTAUTH, NOTZONE), RFC 6891 §9 (BADVERS; 16 is also TSIG's BADSIG).
    private static readonly (int Code, string Name)[] ResponseCodes =
    [
        (0, "NOERROR"), (1, "FORMERR"), (2, "SERVFAIL"), (3, "NXDOMAIN"), (4, "NOTIMP"), (5, "REFUSED"),
        (9, "NOTAUTH"), (10, "NOTZONE"), (16, "BADVERS"),
    ];

    // Histogram bounds in seconds: an answer from memory takes microseconds, so the default millisecond-scale buckets
    // would put every answer in the first one.
    private static readonly double[] DurationBuckets =
        [0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private static readonly string[] Transports = ["udp", "tcp"];

    private static readonly string[] Kinds = BuildKinds();

    private readonly long[][] queryCounts;
    private readonly int stripeMask;
    private readonly Histogram<double> duration;
    private long tcpConnections;
    private readonly Counter<long> failures;
    private readonly LogThrottle failureLog = new(TimeSpan.FromMinutes(1));
    private readonly ILogger logger;
    private readonly double querySampleRate;

    // Indexed by (transport, type, kind, rcode) and by (transport, kind); see Index.
    private readonly KeyValuePair<string, object?>[][] queryTags;
    private readonly KeyValuePair<string, object?>[][] durationTags;
    private readonly byte[] typeIndex = new byte[ushort.MaxValue + 1];
    private readonly byte[] codeIndex = new byte[4096];

    /// <param name="meterFactory">Creates the <c>WildDns.Dns</c> meter.</param>
    /// <param name="querySampleRate">Share of answered messages logged, 0 (none, the default) to 1 (all).</param>
    /// <param name="logger">Where sampled messages go.</param>
    public DnsMetrics(IMeterFactory meterFactory, double querySampleRate = 0, ILogger<DnsMetrics>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter(
            "wilddns.dns.queries",
            ObserveQueries,
            "{message}",
            "DNS messages answered (or dropped), by transport, question type, answer kind and response code.");
        duration = meter.CreateHistogram(
            "wilddns.dns.answer.duration",
            "s",
            "Time from receiving a message to handing its answer to the socket.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        // Observed rather than added to, so that a scraper sees 0 from the start instead of no series until the first connection.
        meter.CreateObservableUpDownCounter("wilddns.dns.tcp.connections", () => Volatile.Read(ref tcpConnections), "{connection}", "DNS TCP connections open.");
        failures = meter.CreateCounter<long>(
            "wilddns.dns.failures",
            "{message}",
            "DNS requests whose answering failed and that were answered SERVFAIL instead, by transport and exception type.");
        this.logger = logger ?? NullLogger<DnsMetrics>.Instance;
        this.querySampleRate = querySampleRate;

        // Index 0 of both lookups is "other"; 1.. are the known entries.
        for (var i = 0; i < QuestionTypes.Length; i++)
        {
            typeIndex[QuestionTypes[i].Code] = (byte)(i + 1);
        }

        for (var i = 0; i < ResponseCodes.Length; i++)
        {
            codeIndex[ResponseCodes[i].Code] = (byte)(i + 1);
        }

        string[] types = ["other", .. QuestionTypes.Select(type => type.Name)];
        string[] codes = ["other", .. ResponseCodes.Select(code => code.Name)];
        queryTags = new KeyValuePair<string, object?>[Transports.Length * types.Length * Kinds.Length * codes.Length][];
        durationTags = new KeyValuePair<string, object?>[Transports.Length * Kinds.Length][];
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, 16));
        stripeMask = stripes - 1;
        queryCounts = new long[stripes][];
        for (var i = 0; i < stripes; i++)
        {
            queryCounts[i] = new long[queryTags.Length];
        }

        for (var t = 0; t < Transports.Length; t++)
        {
            for (var k = 0; k < Kinds.Length; k++)
            {
                durationTags[(t * Kinds.Length) + k] = [new("network.transport", Transports[t]), new("wilddns.answer.kind", Kinds[k])];
                for (var q = 0; q < types.Length; q++)
                {
                    for (var c = 0; c < codes.Length; c++)
                    {
                        queryTags[Index(t, q, k, c, types.Length, codes.Length)] =
                        [
                            new("network.transport", Transports[t]),
                            new("dns.question.type", types[q]),
                            new("wilddns.answer.kind", Kinds[k]),
                            new("dns.response.code", codes[c]),
                        ];
                    }
                }
            }
        }
    }

    /// <summary>The tag value of each <see cref="AnswerCategory"/>, indexed by its number; the last entry is for values added later.</summary>
    public static IReadOnlyList<string> KindNames => Kinds;

    public void OnAnswered(in AnswerOutcome outcome, DnsTransport transport, long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        var t = transport == DnsTransport.Tcp ? 1 : 0;
        if (outcome.Failure is { } failure)
        {
            OnFailure(failure, Transports[t]);
        }

        var k = (uint)outcome.Category < (uint)(Kinds.Length - 1) ? (int)outcome.Category : Kinds.Length - 1;

        // A dropped message has no question and no response code; "other" says so rather than a made-up NOERROR.
        var dropped = outcome.Category == AnswerCategory.Dropped;
        var q = dropped ? 0 : typeIndex[outcome.QuestionType];
        var c = dropped || (uint)outcome.ResponseCode >= (uint)codeIndex.Length ? 0 : codeIndex[outcome.ResponseCode];
        Interlocked.Increment(ref queryCounts[Thread.GetCurrentProcessorId() & stripeMask][Index(t, q, k, c, QuestionTypes.Length + 1, ResponseCodes.Length + 1)]);
        duration.Record(elapsed.TotalSeconds, durationTags[(t * Kinds.Length) + k]);

        if (querySampleRate > 0 && (querySampleRate >= 1 || Random.Shared.NextDouble() < querySampleRate))
        {
            LogAnswer(Transports[t], dropped ? "-" : TypeName(outcome.QuestionType, q), Kinds[k], dropped ? "-" : CodeName(outcome.ResponseCode, c), outcome.Length, outcome.Truncated, elapsed.TotalMicroseconds);
        }
    }

    public void OnTcpConnections(int delta) => Interlocked.Add(ref tcpConnections, delta);

    /// <summary>Counts a failed request and logs it, unless a line for the same transport and exception type went out within the minute.</summary>
    private void OnFailure(Exception failure, string transport)
    {
        var type = failure.GetType().FullName ?? failure.GetType().Name;
        failures.Add(1, new KeyValuePair<string, object?>("network.transport", transport), new KeyValuePair<string, object?>("error.type", type));
        if (failureLog.TryEnter($"{transport} {type}", out var suppressed))
        {
            LogFailure(failure, transport, suppressed);
        }
    }

    /// <summary>The counts so far of every combination seen, summed over the stripes; runs when the meter is collected.</summary>
    private IEnumerable<Measurement<long>> ObserveQueries()
    {
        var measurements = new List<Measurement<long>>();
        for (var combination = 0; combination < queryTags.Length; combination++)
        {
            long total = 0;
            foreach (var stripe in queryCounts)
            {
                total += Volatile.Read(ref stripe[combination]);
            }

            if (total > 0)
            {
                measurements.Add(new Measurement<long>(total, queryTags[combination]));
            }
        }

        return measurements;
    }

    /// <summary>The mnemonic (RFC 1035 §3.2.2), else RFC 3597's TYPEnnn form.</summary>
    private static string TypeName(ushort code, int index) =>
        index > 0 ? QuestionTypes[index - 1].Name : "TYPE" + code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The mnemonic (RFC 1035 §4.1.1, RFC 6895 §2.3), else RCODEnn.</summary>
    private static string CodeName(int code, int index) =>
        index > 0 ? ResponseCodes[index - 1].Name : "RCODE" + code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Index(int transport, int type, int kind, int code, int types, int codes) =>
        (((((transport * types) + type) * Kinds.Length) + kind) * codes) + code;

    /// <summary>snake_case of each category (<c>EmptyNonTerminal</c> → <c>empty_non_terminal</c>), and <c>other</c> last.</summary>
    private static string[] BuildKinds()
    {
        var categories = Enum.GetValues<AnswerCategory>();
        var names = new string[categories.Max(category => (int)category) + 2];
        Array.Fill(names, "other");
        foreach (var category in categories)
        {
            names[(int)category] = string.Concat(category.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
        }

        return names;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error,
        Message = "A DNS request over {Transport} failed while answering and got SERVFAIL; {Suppressed} more like it since the last such line")]
    private partial void LogFailure(Exception failure, string transport, long suppressed);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Answered a {Transport} {QuestionType} query as {Kind}, {ResponseCode}, {Length} bytes, truncated {Truncated}, in {Microseconds:F1} µs")]
    private partial void LogAnswer(string transport, string questionType, string kind, string responseCode, int length, bool truncated, double microseconds);
}
