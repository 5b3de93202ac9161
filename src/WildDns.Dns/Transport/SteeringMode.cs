namespace WildDns.Dns.Transport;

/// <summary>Where the kernel sends the datagrams that arrive for a group of SO_REUSEPORT sockets.</summary>
internal enum SteeringMode
{
    /// <summary>Every datagram goes to the group's first socket, so one loop answers them all.</summary>
    Concentrated,

    /// <summary>Datagrams are dealt out over every socket of the group.</summary>
    Spread,
}
