using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WildDns.Tests.Updates;

/// <summary>
/// Builds and signs RFC 2136 UPDATE messages by hand, for what nsupdate cannot send: a skewed clock, an EDNS OPT record.
/// The TSIG arithmetic (RFC 8945 §4.3) is written out here on its own rather than borrowed from the server, so that a
/// mistake on one side does not hide one on the other.
/// </summary>
internal static class UpdateWire
{
    public const ushort TypeTxt = 16;
    public const ushort TypeA = 1;
    public const ushort ClassIn = 1;

    /// <summary>An UPDATE for <paramref name="zone"/> adding TXT <paramref name="value"/> at <paramref name="name"/>; with an OPT record when <paramref name="edns"/>.</summary>
    public static byte[] AddTxt(ushort id, string zone, string name, string value, bool edns)
    {
        var data = new byte[1 + value.Length];
        data[0] = (byte)value.Length;
        Encoding.ASCII.GetBytes(value, data.AsSpan(1));
        return Build(id, zone, name, TypeTxt, data, edns);
    }

    /// <summary>RFC 2136 §2.5.2: an UPDATE for <paramref name="zone"/> deleting the TXT set at <paramref name="name"/> (class ANY, TTL 0, no data).</summary>
    public static byte[] DeleteTxtSet(ushort id, string zone, string name) => Build(id, zone, name, TypeTxt, [], edns: false, @class: 255, ttl: 0);

    public static byte[] Build(ushort id, string zone, string name, ushort type, byte[] data, bool edns, ushort @class = ClassIn, uint ttl = 60)
    {
        var message = new List<byte>();
        AddUInt16(message, id);
        AddUInt16(message, 5 << 11);
        AddUInt16(message, 1);
        AddUInt16(message, 0);
        AddUInt16(message, 1);
        AddUInt16(message, (ushort)(edns ? 1 : 0));
        message.AddRange(NameWire(zone));
        AddUInt16(message, 6);
        AddUInt16(message, ClassIn);
        message.AddRange(NameWire(name));
        AddUInt16(message, type);
        AddUInt16(message, @class);
        AddUInt32(message, ttl);
        AddUInt16(message, (ushort)data.Length);
        message.AddRange(data);
        if (edns)
        {
            message.Add(0);
            AddUInt16(message, 41);
            AddUInt16(message, 1232);
            AddUInt32(message, 0);
            AddUInt16(message, 0);
        }

        return [.. message];
    }

    /// <summary>Appends a TSIG record (RFC 8945 §4.2) signed at <paramref name="timeSigned"/> (Unix seconds); returns the message and its MAC.</summary>
    public static (byte[] Message, byte[] Mac) Sign(byte[] message, string keyName, byte[] secret, long timeSigned, ushort fudge = 300)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var variables = Variables(keyName, timeSigned, fudge, 0, []);
        var mac = HMACSHA256.HashData(secret, message.Concat(variables).ToArray());
        var record = new List<byte>();
        record.AddRange(NameWire(keyName));
        AddUInt16(record, 250);
        AddUInt16(record, 255);
        AddUInt32(record, 0);
        var rdata = new List<byte>();
        rdata.AddRange(NameWire("hmac-sha256"));
        AddTime(rdata, timeSigned);
        AddUInt16(rdata, fudge);
        AddUInt16(rdata, (ushort)mac.Length);
        rdata.AddRange(mac);
        AddUInt16(rdata, id);
        AddUInt16(rdata, 0);
        AddUInt16(rdata, 0);
        AddUInt16(record, (ushort)rdata.Count);
        record.AddRange(rdata);
        var signed = message.Concat(record).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(signed.AsSpan(10)) + 1));
        return (signed, mac);
    }

    /// <summary>True when <paramref name="response"/>'s TSIG verifies under the key, over the request MAC (RFC 8945 §4.3.2).</summary>
    public static bool VerifyResponse(byte[] response, UpdateResponse parsed, string keyName, byte[] secret, byte[] requestMac)
    {
        if (parsed.TsigOffset < 0 || parsed.TsigMac.Length == 0)
        {
            return false;
        }

        var unsigned = response[..parsed.TsigOffset];
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(unsigned.AsSpan(10)) - 1));
        var prefix = new List<byte>();
        AddUInt16(prefix, (ushort)requestMac.Length);
        prefix.AddRange(requestMac);
        var variables = Variables(keyName, parsed.TsigTimeSigned, parsed.TsigFudge, parsed.TsigError, parsed.TsigOtherData);
        var expected = HMACSHA256.HashData(secret, prefix.Concat(unsigned).Concat(variables).ToArray());
        return expected.AsSpan().SequenceEqual(parsed.TsigMac);
    }

    /// <summary>Sends over UDP to loopback and waits at most 5 s for the answer.</summary>
    public static async Task<byte[]> ExchangeAsync(IPEndPoint server, byte[] message)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server);
        await socket.SendAsync(message);
        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..length];
    }

    public static byte[] NameWire(string name)
    {
        var wire = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            wire.Add((byte)label.Length);
            wire.AddRange(Encoding.ASCII.GetBytes(label));
        }

        wire.Add(0);
        return [.. wire];
    }

    private static byte[] Variables(string keyName, long timeSigned, ushort fudge, ushort error, byte[] other)
    {
        var variables = new List<byte>();
        variables.AddRange(NameWire(keyName.ToLowerInvariant()));
        AddUInt16(variables, 255);
        AddUInt32(variables, 0);
        variables.AddRange(NameWire("hmac-sha256"));
        AddTime(variables, timeSigned);
        AddUInt16(variables, fudge);
        AddUInt16(variables, error);
        AddUInt16(variables, (ushort)other.Length);
        variables.AddRange(other);
        return [.. variables];
    }

    private static void AddTime(List<byte> bytes, long seconds)
    {
        AddUInt16(bytes, (ushort)(seconds >> 32));
        AddUInt32(bytes, (uint)seconds);
    }

    private static void AddUInt16(List<byte> bytes, int value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    private static void AddUInt32(List<byte> bytes, uint value)
    {
        AddUInt16(bytes, (ushort)(value >> 16));
        AddUInt16(bytes, (ushort)value);
    }
}
