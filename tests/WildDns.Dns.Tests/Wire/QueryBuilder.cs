using System.Buffers.Binary;
using System.Text;

namespace WildDns.Dns.Tests.Wire;

/// <summary>
/// Writes query messages byte by byte, including ones a client library would refuse to send: any opcode, QR set,
/// a question count that does not match, EDNS versions above 0, options of any size.
/// </summary>
public sealed record QueryBuilder(string Name, ushort Type = 1)
{
    public ushort Id { get; init; } = 0x5a5a;

    public int Opcode { get; init; }

    public bool RecursionDesired { get; init; } = true;

    public bool CheckingDisabled { get; init; }

    /// <summary>Sets the QR bit, making the message a response that a server must not answer.</summary>
    public bool IsResponse { get; init; }

    public ushort Class { get; init; } = 1;

    /// <summary>How many questions the header claims; the message always carries exactly one.</summary>
    public ushort QuestionCount { get; init; } = 1;

    public EdnsSettings? Edns { get; init; }

    public byte[] Build()
    {
        var message = new List<byte>(512);
        var flags = (ushort)((IsResponse ? 0x8000 : 0) | ((Opcode & 0xF) << 11) | (RecursionDesired ? 0x0100 : 0) | (CheckingDisabled ? 0x0010 : 0));
        AddUInt16(message, Id);
        AddUInt16(message, flags);
        AddUInt16(message, QuestionCount);
        AddUInt16(message, 0);
        AddUInt16(message, 0);
        AddUInt16(message, (ushort)(Edns is null ? 0 : 1));
        message.AddRange(EncodeName(Name));
        AddUInt16(message, Type);
        AddUInt16(message, Class);
        if (Edns is not null)
        {
            message.Add(0);
            AddUInt16(message, 41);
            AddUInt16(message, Edns.UdpSize);
            message.Add(0);
            message.Add(Edns.Version);
            AddUInt16(message, (ushort)(Edns.DnssecOk ? 0x8000 : 0));
            AddUInt16(message, (ushort)Edns.Options.Length);
            message.AddRange(Edns.Options);
        }

        return [.. message];
    }

    /// <summary>Length-prefixed labels ending in the root; "." or "" is the root itself.</summary>
    public static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    private static void AddUInt16(List<byte> message, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        message.AddRange(bytes);
    }
}
