using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace WildDns.Registration.Ordering;

/// <summary>
/// Asks every authoritative nameserver of the zone directly, over UDP, whether it serves the challenge values yet
/// (SPEC §8.3): public CAs validate from several places, each of which may reach a different nameserver, so a value
/// one of them lacks fails the order at random.
/// </summary>
public sealed class NameserverProbe(IReadOnlyList<IPEndPoint> nameservers, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private const int QueryTimeoutMilliseconds = 2000;

    /// <summary>The nameservers asked.</summary>
    public IReadOnlyList<IPEndPoint> Nameservers => nameservers;

    /// <summary>
    /// Waits until every nameserver answers every value at its record name, at most <paramref name="timeout"/>.
    /// Returns the nameservers that still lacked one when the time ran out, each with what it lacked; empty when all serve all.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitUntilServedAsync(
        IReadOnlyCollection<(string RecordName, string Value)> values, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var deadline = clock.GetUtcNow() + timeout;
        var missing = new List<string>();
        while (true)
        {
            missing.Clear();
            foreach (var nameserver in nameservers)
            {
                var lacking = await LackingAsync(nameserver, values, cancellationToken).ConfigureAwait(false);
                if (lacking is not null)
                {
                    missing.Add($"{nameserver} ({lacking})");
                }
            }

            if (missing.Count == 0 || clock.GetUtcNow() >= deadline)
            {
                return missing;
            }

            await Task.Delay(Interval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads "HOST:PORT", "[v6]:PORT" or "HOST" (port 53), resolving a host name; throws <see cref="FormatException"/> for anything else.</summary>
    public static async Task<IPEndPoint[]> ResolveAsync(string nameserver, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(nameserver, out var endpoint))
        {
            return [endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint];
        }

        var colon = nameserver.LastIndexOf(':');
        var host = colon > 0 ? nameserver[..colon] : nameserver;
        var port = 53;
        if (colon > 0 && !int.TryParse(nameserver[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{nameserver}' is not a nameserver: write HOST:PORT, e.g. 127.0.0.1:5353 or ns1.example.com:53.");
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return [.. addresses.Select(address => new IPEndPoint(address, port))];
    }

    private static async Task<string?> LackingAsync(IPEndPoint nameserver, IReadOnlyCollection<(string RecordName, string Value)> values, CancellationToken cancellationToken)
    {
        var client = new DnsClient([nameserver.Address], [new UdpClientTransport(nameserver.Port)], false, QueryTimeoutMilliseconds);
        var options = new DnsQueryOptions { IsRecursionDesired = false, IsEDnsEnabled = true };
        foreach (var group in values.GroupBy(value => value.RecordName, StringComparer.OrdinalIgnoreCase))
        {
            DnsMessage? answer;
            try
            {
                answer = await client.ResolveAsync(DomainName.Parse(group.Key), RecordType.Txt, RecordClass.INet, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                return $"no answer: {e.Message}";
            }

            if (answer is null)
            {
                return $"no answer for {group.Key}";
            }

            var served = answer.AnswerRecords.OfType<TxtRecord>().Select(record => record.TextData).ToHashSet(StringComparer.Ordinal);
            var absent = group.Count(value => !served.Contains(value.Value));
            if (absent > 0)
            {
                return $"{absent} of {group.Count()} values missing at {group.Key}, {answer.ReturnCode}";
            }
        }

        return null;
    }
}
