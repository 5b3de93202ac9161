using WildDns.Dns.Transport;
using Xunit.Abstractions;

namespace WildDns.Dns.Tests.Answers;

/// <summary>
/// A table row's name and a transport as theory data. Serializable, so each shows as its own test, and named by
/// <see cref="ToString"/>, so the whole case name shows (xunit cuts plain string arguments at 50 characters).
/// </summary>
public sealed class TableCase : IXunitSerializable
{
    public TableCase()
    {
    }

    public TableCase(string row, DnsTransport transport)
    {
        Row = row;
        Transport = transport;
    }

    public string Row { get; private set; } = "";

    public DnsTransport Transport { get; private set; }

    public void Deserialize(IXunitSerializationInfo info)
    {
        Row = info.GetValue<string>(nameof(Row));
        Transport = info.GetValue<DnsTransport>(nameof(Transport));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(Row), Row);
        info.AddValue(nameof(Transport), Transport);
    }

    public override string ToString() => $"{Row} [{Transport}]";
}
