using System.Globalization;
using System.Text;

namespace WildDns.Registration.Identity;

/// <summary>
/// The canonical form of a <see cref="DeviceDataset"/>, the bytes a certid is computed from. Fixed by tests, since
/// changing it changes every certid.
/// </summary>
/// <remarks>
/// Each field: Unicode NFC; white space trimmed at both ends and every inner run of white space made one U+0020;
/// control characters refused; at most <see cref="MaxFieldLength"/> characters. Case: vendor, model and institution
/// are names people type in any case, so they are lower-cased; serial and material numbers are upper-cased, the way
/// labels print them. Folding case in the identifiers too means that two devices whose serials differ only in case
/// collide and the second registration is refused, loudly, instead of one device silently getting two certids when
/// someone types its serial in another case. A blank material number is the same as none.
/// <para>
/// The text is <c>wilddns-device-v1</c>, then for each field in the fixed order vendor, model, serial, material,
/// institution: a line feed, the field name, a colon, the value's UTF-8 length in decimal, a colon and the value.
/// The length prefix makes the encoding unambiguous whatever a value contains.
/// </para>
/// </remarks>
/// <example>
/// Vendor <c>" ACME  Imaging "</c>, model <c>"CT 9000"</c>, serial <c>"sn-42"</c>, no material, institution <c>"St. Mary"</c> →
/// <c>wilddns-device-v1\nvendor:12:acme imaging\nmodel:7:ct 9000\nserial:5:SN-42\nmaterial:0:\ninstitution:8:st. mary</c>.
/// </example>
public sealed class CanonicalDataset
{
    /// <summary>Longest field accepted, in characters after normalisation.</summary>
    public const int MaxFieldLength = 256;

    private const string Version = "wilddns-device-v1";

    private CanonicalDataset(DeviceDataset normalised, string text)
    {
        Dataset = normalised;
        Text = text;
    }

    /// <summary>The normalised fields (material is null when there is none).</summary>
    public DeviceDataset Dataset { get; }

    /// <summary>The canonical text.</summary>
    public string Text { get; }

    /// <summary>The canonical text's UTF-8 bytes, the input of the certid's HMAC.</summary>
    public byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    /// <summary>Normalises <paramref name="dataset"/>; false with a reason naming the field when a field is missing or unusable.</summary>
    public static bool TryCreate(DeviceDataset dataset, out CanonicalDataset? canonical, out string error)
    {
        canonical = null;
        string?[] fields = [dataset.Vendor, dataset.Model, dataset.Serial, dataset.Material, dataset.Institution];
        string[] names = ["vendor", "model", "serial", "material", "institution"];
        var normalised = new string[fields.Length];
        for (var index = 0; index < fields.Length; index++)
        {
            if (!TryNormalise(fields[index], names[index], out var value, out error))
            {
                return false;
            }

            var optional = names[index] == "material";
            if (value.Length == 0 && !optional)
            {
                error = $"The {names[index]} is missing; a device needs a vendor, a model, a serial number and an institution.";
                return false;
            }

            normalised[index] = names[index] is "serial" or "material" ? value.ToUpperInvariant() : value.ToLowerInvariant();
        }

        var text = new StringBuilder(Version);
        for (var index = 0; index < normalised.Length; index++)
        {
            text.Append('\n').Append(names[index]).Append(':')
                .Append(Encoding.UTF8.GetByteCount(normalised[index]).ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(normalised[index]);
        }

        canonical = new CanonicalDataset(
            new DeviceDataset(normalised[0], normalised[1], normalised[2], normalised[3].Length == 0 ? null : normalised[3], normalised[4]),
            text.ToString());
        error = string.Empty;
        return true;
    }

    private static bool TryNormalise(string? raw, string field, out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        if (raw is null)
        {
            return true;
        }

        for (var index = 0; index < raw.Length; index++)
        {
            if (index + 1 < raw.Length && char.IsSurrogatePair(raw[index], raw[index + 1]))
            {
                index++;
            }
            else if (char.IsSurrogate(raw[index]))
            {
                error = $"The {field} is not valid Unicode text (an unpaired surrogate).";
                return false;
            }
        }

        // WildDns runs with invariant globalization (no ICU), where string.Normalize leaves text as it is; NFC comes
        // from managed tables instead, the same on every host, as a certid must be.
        raw = ADRaffy.ENSNormalize.ENSNormalize.NF.NFC(raw);

        var builder = new StringBuilder(raw.Length);
        var pendingSpace = false;
        foreach (var character in raw)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(character) || CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.Format)
            {
                error = $"The {field} holds a control character (U+{(int)character:X4}); only printable text is accepted.";
                return false;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        if (builder.Length > MaxFieldLength)
        {
            error = $"The {field} is {builder.Length} characters long; at most {MaxFieldLength} are accepted.";
            return false;
        }

        value = builder.ToString();
        return true;
    }
}
