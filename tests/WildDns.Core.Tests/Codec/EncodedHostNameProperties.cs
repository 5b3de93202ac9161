using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using WildDns.Core.Codec;
using WildDns.Core.Tests.Generators;

namespace WildDns.Core.Tests.Codec;

public sealed class EncodedHostNameProperties
{
    [Property(MaxTest = 2000)]
    public Property Decode_OfEncodedHostName_GivesTheLowerCaseNameBack() =>
        Prop.ForAll(NameGenerators.HostName.ToArbitrary(), hostName =>
        {
            var expected = WithoutRootDot(hostName).ToLowerInvariant();
            var encodes = EncodedHostName.TryEncode(hostName, out var encoded, out _);

            return (!encodes || (LdhLabel.IsValid(encoded) && EncodedHostName.IsValid(encoded) && EncodedHostName.Decode(encoded) == expected))
                .Classify(encodes, "encoded")
                .Classify(!encodes, "refused");
        });

    [Property(MaxTest = 2000)]
    public Property TryEncode_RefusesExactlyTheNamesThatWouldNotComeBack() =>
        Prop.ForAll(NameGenerators.HostName.ToArbitrary(), hostName =>
        {
            // A name fits when joining its labels with '--' gives one DNS label that decodes to the same name.
            var name = WithoutRootDot(hostName).ToLowerInvariant();
            var joined = string.Join("--", name.Split('.'));
            var fits = joined.Length <= LdhLabel.MaxLength && EncodedHostName.Decode(joined) == name;

            var encodes = EncodedHostName.TryEncode(hostName, out var encoded, out var error);

            return encodes == fits && (encodes ? encoded == joined && error.Length == 0 : encoded.Length == 0 && error.Length > 0);
        });

    [Property(MaxTest = 5000)]
    public Property TryEncode_OfDecodedLabel_GivesTheLabelBack() =>
        Prop.ForAll(NameGenerators.DashHeavyLabel.ToArbitrary(), label =>
        {
            if (!EncodedHostName.IsValid(label))
            {
                return true.Classify(true, "not a host name");
            }

            var decoded = EncodedHostName.Decode(label)!;
            return (EncodedHostName.TryEncode(decoded, out var encoded, out _) && encoded == label.ToLowerInvariant())
                .Classify(false, "not a host name");
        });

    private static string WithoutRootDot(string name) => name.EndsWith('.') ? name[..^1] : name;
}
