using System.Net;
using WildDns.Dns.Tests.Transport;
using WildDns.Dns.Tests.Wire;

namespace WildDns.Dns.Tests.Interop;

/// <summary>Whether a server started by a test answers yet: any reply to an SOA query for cert.example.com within half a second.</summary>
internal static class SoaProbe
{
    public static async Task<bool> AnswersAsync(IPEndPoint endpoint) =>
        await DnsExchange.SendUdpAsync(endpoint, new QueryBuilder("cert.example.com", 6).Build(), TimeSpan.FromMilliseconds(500)) is not null;
}
