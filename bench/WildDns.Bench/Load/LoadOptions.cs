using System.Globalization;
using System.Net;

namespace WildDns.Bench.Load;

/// <summary>The <c>load</c> command line, validated; <see cref="Parse"/> throws <see cref="ArgumentException"/> naming the bad switch.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        usage: load --server ADDR:PORT [--duration S] [--rate QPS|max] [--names FILE|generated]
                    [--mix a,aaaa,cname,nodata,nxdomain,txt] [--count N] [--zone ZONE]
                    [--tcp] [--concurrency N] [--window N] [--timeout S] [--json FILE]
                    [--save-names FILE] [--allow-remote]

          --server        where to send (default 127.0.0.1:5353); only loopback unless --allow-remote
          --duration      seconds of sending (default 15); the run then waits --timeout for answers
          --rate          offered queries per second, paced by clock (open loop), or max: keep
                          --window queries outstanding per socket (closed loop, like dnsperf without -Q)
          --names         a dnsperf data file (name TYPE per line) or 'generated' (default)
          --mix           generated kinds, equal weights or kind=weight (default a)
          --count         generated names (default 100000), all distinct
          --zone          zone of the generated names (default cert.example.com)
          --tcp           TCP, pipelined, 2-byte length prefix (RFC 7766); default UDP
          --concurrency   sockets or connections (default: one per core for UDP, 8 for TCP)
          --window        outstanding queries per socket in max mode (default 64)
          --timeout       seconds after which an unanswered query is lost (default 1)
          --json          also write the report as JSON to FILE
          --save-names    write the names in dnsperf format to FILE and exit without sending
        """;

    public IPEndPoint Server { get; init; } = new(IPAddress.Loopback, 5353);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Offered queries per second; null for max (closed loop).</summary>
    public int? Rate { get; init; }

    /// <summary>A dnsperf data file, or null for generated names.</summary>
    public string? NamesPath { get; init; }

    public NameMix Mix { get; init; } = NameMix.OnlyA;

    public int Count { get; init; } = 100_000;

    public string Zone { get; init; } = "cert.example.com";

    public bool Tcp { get; init; }

    public int Concurrency { get; init; }

    public int Window { get; init; } = 64;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public string? JsonPath { get; init; }

    public string? SaveNamesPath { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        var allowRemote = false;
        int? concurrency = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--server" or "-s" => options with { Server = ParseEndPoint(Value()) },
                "--duration" or "-l" => options with { Duration = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--rate" or "-Q" => Value() is var rate && rate.Equals("max", StringComparison.OrdinalIgnoreCase)
                    ? options with { Rate = null }
                    : options with { Rate = (int)Positive(name, rate) },
                "--names" or "-d" => Value() is var names && names == "generated"
                    ? options with { NamesPath = null }
                    : options with { NamesPath = names },
                "--mix" => options with { Mix = NameMix.Parse(Value()) },
                "--count" => options with { Count = (int)Positive(name, Value()) },
                "--zone" => options with { Zone = Value().TrimEnd('.') },
                "--tcp" => options with { Tcp = true },
                "--concurrency" or "-c" => options with { Concurrency = (int)Positive(name, Value()) },
                "--window" => options with { Window = (int)Positive(name, Value()) },
                "--timeout" or "-t" => options with { Timeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--json" => options with { JsonPath = Value() },
                "--save-names" => options with { SaveNamesPath = Value() },
                "--allow-remote" => options,
                _ => throw new ArgumentException($"unknown switch '{name}'."),
            };
            allowRemote |= name == "--allow-remote";
            if (name is "--concurrency" or "-c")
            {
                concurrency = options.Concurrency;
            }
        }

        // A load generator pointed at someone else's server is a flood; this one only tests our own.
        if (!IPAddress.IsLoopback(options.Server.Address) && !allowRemote)
        {
            throw new ArgumentException($"--server {options.Server} is not a loopback address; pass --allow-remote to send to it anyway.");
        }

        if (options.Window > 60000)
        {
            throw new ArgumentException("--window must leave room in the 65536 DNS IDs of a socket.");
        }

        return options with { Concurrency = concurrency ?? (options.Tcp ? 8 : Environment.ProcessorCount) };
    }

    private static IPEndPoint ParseEndPoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endPoint))
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint;
        }

        throw new ArgumentException($"--server '{text}' is not an address[:port] (e.g. 127.0.0.1:5353 or [::1]:5353).");
    }

    private static double Positive(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name} must be a positive number, got '{text}'.");
}
