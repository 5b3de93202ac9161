namespace WildDns.Dns.Transport;

/// <summary>Which transport a message came over.</summary>
public enum DnsTransport
{
    Udp,
    Tcp,
}
