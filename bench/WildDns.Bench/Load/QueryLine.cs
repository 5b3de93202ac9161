namespace WildDns.Bench.Load;

/// <summary>One line of a dnsperf data file: a name in presentation form and a query type code.</summary>
public readonly record struct QueryLine(string Name, ushort Type);
