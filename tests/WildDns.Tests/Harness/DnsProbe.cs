using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace WildDns.Tests.Harness;

/// <summary>Asks a DNS server over UDP only (no fallback to TCP, so a truncated answer shows as such), with a bounded wait.</summary>
public static class DnsProbe
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The server's answer; throws <see cref="TimeoutException"/> when none came within <see cref="ReplyTimeout"/>.</summary>
    public static async Task<DnsMessage> QueryAsync(IPEndPoint server, string name, RecordType type, CancellationToken cancellationToken = default) =>
        await TryQueryAsync(server, name, type, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"no UDP answer from {server} to {name} {type} within {ReplyTimeout.TotalSeconds:0} s");

    /// <summary>The server's answer, or null when none came in time or the port refused.</summary>
    public static async Task<DnsMessage?> TryQueryAsync(IPEndPoint server, string name, RecordType type, CancellationToken cancellationToken = default)
    {
        var client = new DnsClient([server.Address], [new UdpClientTransport(server.Port)], false, (int)ReplyTimeout.TotalMilliseconds);
        var options = new DnsQueryOptions { IsRecursionDesired = false, IsEDnsEnabled = true };
        try
        {
            return await client.ResolveAsync(DomainName.Parse(name), type, RecordClass.INet, options, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>The TXT strings at <paramref name="name"/>, one entry per record, each record's strings joined.</summary>
    public static async Task<IReadOnlyList<string>> TxtAsync(IPEndPoint server, string name, CancellationToken cancellationToken = default)
    {
        var response = await QueryAsync(server, name, RecordType.Txt, cancellationToken).ConfigureAwait(false);
        return [.. response.AnswerRecords.OfType<TxtRecord>().Select(record => record.TextData)];
    }
}
