using System.Net;
using FsCheck;
using FsCheck.Fluent;
using WildDns.Core.Codec;
using WildDns.Core.Networks;

namespace WildDns.Core.Tests.Generators;

/// <summary>Generators for addresses, host names and query names, weighted towards the edges the codec must get right.</summary>
internal static class NameGenerators
{
    public const string Zone = "cert.example.com";

    private const string LettersAndDigits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // Static initializers run in text order, so these pools stand before the generators that read them.
    private static readonly string[] Payloads =
    [
        "192-168-2-1", "10-0-0-1", "127-0-0-1", "100-64-0-1", "8-8-8-8", "fd00--1", "FD00--AB", "0--1", "fe80--1",
        "fd00-0-0-0-0-0-0-1", "2001-db8--1", "ip-10-1-2-3", "IP-fd00--2", "ip-8-8-8-8", "dn-pacs--hospital--com",
        "pacs--hospital-abc--com", "www--xn--mnchen-3ya--de", "dnsserver--hospital--com", "ip-pacs--x--com",
        "dn-10-0-0-1", "01-2-3-4", "192-168-2-256", "1-2-3-4-5", "fd00---1", "xx-192-168-2-1", "fd00--de",
    ];

    private static readonly string[] Identifiers = ["abc123", "e3b0c44298fc1c14", "client-1", "Client-2", "x"];

    private static readonly string[] TypeLabels = ["a", "cname", "A", "CName"];

    private static readonly string[] BrokenLabels =
        ["", "-x", "x-", "a_b", new string('b', 64), "_acme-challenge", "*"];

    /// <summary>Every IPv4 address, with 0, 255 and the one-to-three-digit boundaries more often than chance gives them.</summary>
    public static Gen<IPAddress> IPv4 { get; } =
        Gen.Frequency(
                (3, Gen.Choose(0, 255)),
                (1, Gen.Elements(0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255)))
            .ArrayOf(4)
            .Select(octets => new IPAddress(Array.ConvertAll(octets, octet => (byte)octet)));

    /// <summary>Every IPv6 address, with runs of zero groups often enough to exercise '::' at the start, middle and end.</summary>
    public static Gen<IPAddress> IPv6 { get; } =
        Gen.Frequency(
                (3, Gen.Constant(0)),
                (3, Gen.Choose(0, 0xffff)),
                (1, Gen.Elements(1, 0xff, 0x100, 0xfd00, 0xfe80, 0xffff)))
            .ArrayOf(8)
            .Select(groups =>
            {
                var bytes = new byte[16];
                for (var i = 0; i < 8; i++)
                {
                    bytes[2 * i] = (byte)(groups[i] >> 8);
                    bytes[(2 * i) + 1] = (byte)groups[i];
                }

                return new IPAddress(bytes);
            });

    /// <summary>Addresses inside the default allowed networks: the network's bits, random host bits.</summary>
    public static Gen<IPAddress> DefaultAllowedAddress { get; } =
        from prefix in Gen.Elements(AllowedNetworks.Default.Prefixes.ToArray())
        from random in prefix.Network.IsIPv6 ? IPv6 : IPv4
        select WithPrefix(prefix, DecodedAddress.FromIPAddress(random)).ToIPAddress();

    /// <summary>LDH labels in mixed case, some IDNA, some holding '--', some <c>xn</c>, some long.</summary>
    public static Gen<string> HostLabel { get; } =
        Gen.Frequency(
            (8, LdhLabel(1, 10)),
            (1, LdhLabel(1, 10).Select(body => "xn--" + body)),
            (1, LdhLabel(1, 10).Select(body => "XN--" + body)),
            (1, Gen.Elements("xn", "XN", "x", "n")),
            (1, LdhLabel(1, 5).Two().Select(parts => parts.Item1 + "--" + parts.Item2)),
            (1, LdhLabel(20, 63)));

    /// <summary>Host names of two to five labels, sometimes with the root dot.</summary>
    public static Gen<string> HostName { get; } =
        from count in Gen.Choose(2, 5)
        from labels in HostLabel.ArrayOf(count)
        from rootDot in Gen.Elements(string.Empty, string.Empty, ".")
        select string.Join('.', labels) + rootDot;

    /// <summary>Short runs over an alphabet heavy in '-', 'x' and 'n', to reach the corners of the '--' and 'xn--' rules.</summary>
    public static Gen<string> DashHeavyLabel { get; } =
        from length in Gen.Choose(1, 20)
        from chars in Gen.Elements("xnXN-a1-".ToCharArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>
    /// Names under <see cref="Zone"/> built from payloads, identifiers, type labels and broken labels, so that
    /// positive answers, empty non-terminals and NXDOMAIN are all frequent.
    /// </summary>
    public static Gen<string> QueryName { get; } =
        from leftmost in Gen.Frequency(
            (6, Gen.Elements(Payloads)),
            (1, Gen.Constant("_acme-challenge")),
            (1, Gen.Elements(Identifiers)),
            (1, Gen.Elements(TypeLabels)),
            (1, Gen.Elements(BrokenLabels)))
        from depth in Gen.Frequency((1, Gen.Constant(0)), (5, Gen.Constant(1)), (5, Gen.Constant(2)), (2, Gen.Constant(3)), (1, Gen.Constant(4)))
        from scope in Gen.Frequency(
            (8, Gen.Elements(Identifiers)),
            (2, Gen.Elements(TypeLabels)),
            (1, Gen.Elements(Payloads)),
            (1, Gen.Elements(BrokenLabels))).ArrayOf(depth)
        from casing in Gen.Choose(0, int.MaxValue)
        select RandomCase(string.Join('.', [leftmost, .. scope, Zone]), casing);

    /// <summary>The query types the synthesis rules tell apart, and one they do not.</summary>
    public static ushort[] QueryTypes { get; } = [1, 5, 16, 28, 255, 15];

    /// <summary>Flips the case of each ASCII letter by the bits of <paramref name="seed"/>, as 0x20 randomisation does.</summary>
    public static string RandomCase(string name, int seed)
    {
        var random = new Random(seed);
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsAsciiLetter(chars[i]) && random.Next(2) == 0)
            {
                chars[i] = (char)(chars[i] ^ 0x20);
            }
        }

        return new string(chars);
    }

    private static DecodedAddress WithPrefix(NetworkPrefix prefix, DecodedAddress random)
    {
        var width = prefix.Network.IsIPv6 ? 128 : 32;
        var hostBits = width - prefix.PrefixLength;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return prefix.Network with { Value = prefix.Network.Value | (random.Value & hostMask) };
    }

    private static Gen<string> LdhLabel(int minLength, int maxLength)
    {
        var letterOrDigit = Gen.Elements(LettersAndDigits.ToCharArray());
        var ldh = Gen.Frequency((9, letterOrDigit), (1, Gen.Constant('-')));
        return from length in Gen.Choose(minLength, maxLength)
               from first in letterOrDigit
               from middle in ldh.ArrayOf(Math.Max(0, length - 2))
               from last in letterOrDigit
               select length == 1 ? first.ToString() : first + new string(middle) + last;
    }
}
