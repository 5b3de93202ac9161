using System.Formats.Asn1;

namespace WildDns.Est;

/// <summary>
/// The body of <c>csrattrs</c> (RFC 7030 §4.5.2): <c>CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID</c>, what the
/// server wants a client to put in its request.
/// </summary>
public static class CsrAttributes
{
    /// <summary>The DER of a CsrAttrs sequence holding <paramref name="attributes"/> in order.</summary>
    public static byte[] Encode(IEnumerable<CsrAttribute> attributes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Values is null)
                {
                    writer.WriteObjectIdentifier(attribute.Type);
                    continue;
                }

                // RFC 2986 Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET SIZE(1..MAX) OF ... }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(attribute.Type);
                    using (writer.PushSetOf())
                    {
                        foreach (var value in attribute.Values)
                        {
                            writer.WriteEncodedValue(value.Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>The base64 body (line-broken) of a <c>csrattrs</c> answer.</summary>
    public static byte[] EncodeBody(IEnumerable<CsrAttribute> attributes) => EstBase64.Encode(Encode(attributes));

    /// <summary>Reads a CsrAttrs DER sequence; false when it is not one.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> der, out IReadOnlyList<CsrAttribute> attributes)
    {
        var read = new List<CsrAttribute>();
        attributes = read;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            while (sequence.HasData)
            {
                if (sequence.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    read.Add(CsrAttribute.Oid(sequence.ReadObjectIdentifier()));
                    continue;
                }

                var attribute = sequence.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                var set = attribute.ReadSetOf();
                attribute.ThrowIfNotEmpty();
                var values = new List<ReadOnlyMemory<byte>>();
                while (set.HasData)
                {
                    values.Add(set.ReadEncodedValue().ToArray());
                }

                read.Add(new CsrAttribute(type, values));
            }

            return true;
        }
        catch (AsnContentException)
        {
            attributes = [];
            return false;
        }
    }
}
