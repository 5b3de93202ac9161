using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using WildDns.Core.Codec;
using WildDns.Core.Tests.Generators;

namespace WildDns.Core.Tests.Codec;

public sealed class EncodedAddressProperties
{
    [Property(MaxTest = 2000)]
    public Property TryDecode_OfEncodedIPv4_GivesTheAddressBack() =>
        Prop.ForAll(NameGenerators.IPv4.ToArbitrary(), address =>
        {
            var label = EncodedAddress.Encode(address);

            return LdhLabel.IsValid(label)
                && EncodedAddress.TryDecode(label, out var decoded)
                && !decoded.IsIPv6
                && decoded == DecodedAddress.FromIPAddress(address)
                && decoded.ToIPAddress().Equals(address);
        });

    [Property(MaxTest = 2000)]
    public Property TryDecode_OfEncodedIPv6_GivesTheAddressBack() =>
        Prop.ForAll(NameGenerators.IPv6.ToArbitrary(), address =>
        {
            var label = EncodedAddress.Encode(address);

            return LdhLabel.IsValid(label)
                && EncodedAddress.TryDecode(label, out var decoded)
                && decoded.IsIPv6
                && decoded.ToIPAddress().Equals(address)
                && EncodedAddress.TryDecode(label.ToUpperInvariant(), out var upper)
                && upper == decoded;
        });

    [Property(MaxTest = 2000)]
    public Property Encode_IPv6_IsTheRfc5952TextWithDashes() =>
        Prop.ForAll(NameGenerators.IPv6.ToArbitrary(), address =>
        {
            // .NET writes RFC 5952 text; the label differs only where it writes embedded IPv4 (skipped here) and in
            // keeping a zero where the text starts or ends with '::', since a label cannot start or end with '-'.
            var text = address.ToString();
            if (text.Contains('.', StringComparison.Ordinal))
            {
                return true;
            }

            text = text.StartsWith("::", StringComparison.Ordinal) ? "0" + text : text;
            text = text.EndsWith("::", StringComparison.Ordinal) ? text + "0" : text;
            return EncodedAddress.Encode(address) == text.Replace(':', '-');
        });

    [Property(MaxTest = 2000)]
    public Property TryDecode_FullFormInAnyCase_GivesTheAddress() =>
        Prop.ForAll(NameGenerators.IPv6.ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (address, upper) =>
        {
            var bytes = address.GetAddressBytes();
            var groups = new string[8];
            for (var i = 0; i < 8; i++)
            {
                groups[i] = ((bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToString(upper ? "X4" : "x4", System.Globalization.CultureInfo.InvariantCulture);
            }

            return EncodedAddress.TryDecode(string.Join('-', groups), out var decoded)
                && decoded.ToIPAddress().Equals(address);
        });
}
