namespace WildDns.Dns.Transport;

/// <summary>A DNS endpoint could not be bound; the message names it and says why.</summary>
public sealed class DnsBindException(string message, Exception? inner = null) : Exception(message, inner);
