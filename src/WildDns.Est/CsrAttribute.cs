using System.Formats.Asn1;
using System.Security.Cryptography;

namespace WildDns.Est;

/// <summary>
/// One AttrOrOID of RFC 7030 §4.5.2: an OID alone (e.g. a signature algorithm the server wants), or an attribute with
/// values (e.g. <c>id-ecPublicKey</c> with the curve, or <c>extensionRequest</c> with the extensions expected).
/// </summary>
/// <param name="Type">The OID, or the attribute's type.</param>
/// <param name="Values">The DER of each attribute value; null for a plain OID (an empty set is a different thing).</param>
public sealed record CsrAttribute(string Type, IReadOnlyList<ReadOnlyMemory<byte>>? Values = null)
{
    /// <summary>A plain OID.</summary>
    public static CsrAttribute Oid(string oid) => new(oid);

    /// <summary>An attribute whose values are OIDs, the form RFC 7030's own example uses (<c>ecPublicKey</c> → <c>secp384r1</c>).</summary>
    public static CsrAttribute WithOids(string type, params string[] values) =>
        new(type, values.Select(value =>
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteObjectIdentifier(value);
            return (ReadOnlyMemory<byte>)writer.Encode();
        }).ToArray());

    /// <summary>The values read as OIDs; a value that is not an OID throws <see cref="AsnContentException"/>.</summary>
    public IReadOnlyList<string> OidValues =>
        Values?.Select(value => new AsnReader(value, AsnEncodingRules.DER).ReadObjectIdentifier()).ToArray() ?? [];

    /// <summary>Compares the values by content, so a decoded attribute equals the one that was encoded.</summary>
    public bool Equals(CsrAttribute? other) =>
        other is not null && Type == other.Type && (Values is null) == (other.Values is null)
        && (Values is null || Values.Select(value => Convert.ToHexString(value.Span)).SequenceEqual(other.Values!.Select(value => Convert.ToHexString(value.Span))));

    public override int GetHashCode() => HashCode.Combine(Type, Values?.Count);
}
