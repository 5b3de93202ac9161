using System.Buffers.Binary;
using System.Security.Cryptography;

namespace WildDns.Fuzz;

/// <summary>
/// One fuzzing input: a mode byte, then a DNS message. Bit 0 of the mode answers over TCP instead of UDP; bit 1 has
/// the harness sign the message with <see cref="KeyName"/> before the server sees it, so that mutated UPDATEs get past
/// the MAC check and reach the prerequisite and update sections (a mutated byte under a real MAC only ever gives BADSIG).
/// </summary>
internal readonly ref struct FuzzInput
{
    /// <summary>The key the harness signs with; also the key nsupdate signed the seed corpus's captured UPDATEs with.</summary>
    public const string KeyName = "acme-key";

    /// <summary>The seed corpus's key secret, as <c>nsupdate -y hmac-sha256:acme-key:...</c> was given it.</summary>
    public const string SecretBase64 = "ZNVzvKhQoE6dbo0O9qTRBhF5hc7fumbgyrH7qCqrh20=";

    public const byte OverTcp = 1;
    public const byte SignIt = 2;

    public FuzzInput(ReadOnlySpan<byte> bytes)
    {
        Mode = bytes.IsEmpty ? (byte)0 : bytes[0];
        Message = bytes.IsEmpty ? [] : bytes[1..];
    }

    public byte Mode { get; }

    public ReadOnlySpan<byte> Message { get; }

    public bool IsOverTcp => (Mode & OverTcp) != 0;

    public bool IsSigned => (Mode & SignIt) != 0;

    public static byte[] Secret { get; } = Convert.FromBase64String(SecretBase64);

    /// <summary>
    /// The message as the server receives it: as given, or with a TSIG record appended (RFC 8945 §4.3.1: the MAC covers
    /// the message as it was before the record was added, then the TSIG variables), hmac-sha256, Time Signed = the fixed clock.
    /// </summary>
    public byte[] ToWire()
    {
        if (!IsSigned || Message.Length < 12)
        {
            return Message.ToArray();
        }

        byte[] key = [8, .. "acme-key"u8, 0];
        byte[] algorithm = [11, .. "hmac-sha256"u8, 0];
        var time = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(time, (ushort)(FixedClock.Seconds >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(time.AsSpan(2), (uint)FixedClock.Seconds);
        byte[] variables = [.. key, 0, 255, 0, 0, 0, 0, .. algorithm, .. time, 1, 44, 0, 0, 0, 0];
        byte[] signed = [.. Message, .. variables];
        var mac = HMACSHA256.HashData(Secret, signed);
        byte[] data = [.. algorithm, .. time, 1, 44, 0, 32, .. mac, Message[0], Message[1], 0, 0, 0, 0];
        byte[] wire = [.. Message, .. key, 0, 250, 0, 255, 0, 0, 0, 0, (byte)(data.Length >> 8), (byte)data.Length, .. data];
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(10)) + 1));
        return wire;
    }
}
