using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WildDns.Enrollment.Dicom;

/// <summary>
/// A DICOM node's network entry for a device with its certificate: the AE title, the host name under the device's
/// certid that its peers must use (so that TLS verifies it), the port, and the key and certificate files for TLS.
/// </summary>
/// <param name="AeTitle">The application entity title, 1-16 characters (DICOM PS3.5 §6.2, value representation AE).</param>
/// <param name="Host">The name peers connect to, e.g. <c>192-168-2-1.c7k2m4q9x3b5t.cert.example.com</c>.</param>
/// <param name="Port">The DICOM port, e.g. 2762 (the registered port for DICOM over TLS) or 11112.</param>
/// <param name="CertificatePath">The certificate chain file.</param>
/// <param name="KeyPath">The private key file.</param>
/// <param name="CaPath">The CA certificates a peer's certificate is checked against.</param>
public sealed record DicomNode(string AeTitle, string Host, int Port, string CertificatePath, string KeyPath, string CaPath)
{
    /// <summary>The longest AE title DICOM allows.</summary>
    public const int MaxAeTitleLength = 16;

    /// <summary>Null when <paramref name="aeTitle"/> is a valid AE title, else why not.</summary>
    public static string? CheckAeTitle(string aeTitle)
    {
        // PS3.5 §6.2: up to 16 characters of the default repertoire, no backslash or control characters;
        // leading and trailing spaces are not significant, and a title of spaces only is not allowed.
        var trimmed = aeTitle.Trim(' ');
        if (trimmed.Length == 0)
        {
            return "an AE title needs at least one character other than a space.";
        }

        if (trimmed.Length > MaxAeTitleLength)
        {
            return $"an AE title has at most {MaxAeTitleLength} characters; '{trimmed}' has {trimmed.Length}.";
        }

        return trimmed.Any(c => c is '\\' or < ' ' or > '~')
            ? $"'{trimmed}' holds a character an AE title cannot: printable ASCII without a backslash only."
            : null;
    }

    /// <summary>
    /// The entry in dcmtk's configuration form: a <c>HostTable</c> line as <c>dcmqrscp.cfg</c> and <c>storescu</c>'s
    /// <c>--config-file</c> read it, and the TLS switches of dcmtk's network tools for this node's files.
    /// </summary>
    public string ToDcmtkEntry()
    {
        var symbolic = new string(AeTitle.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# DICOM node {AeTitle.Trim()}: TLS on, peers connect to {Host}:{Port}\n");
        text.Append("HostTable BEGIN\n");
        text.Append(CultureInfo.InvariantCulture, $"{symbolic} = ({AeTitle.Trim()}, {Host}, {Port})\n");
        text.Append("HostTable END\n");
        // -vc: a peer that presents a certificate has it verified, one that presents none (most SCUs) is still served.
        text.Append(CultureInfo.InvariantCulture, $"# this node (storescp): --aetitle {AeTitle.Trim()} +tls {KeyPath} {CertificatePath} -vc +cf {CaPath} {Port}\n");
        text.Append(CultureInfo.InvariantCulture, $"# a peer (echoscu, storescu): +tla +cf <its CA file, e.g. the public CA's root> --call {AeTitle.Trim()} {Host} {Port}\n");
        return text.ToString();
    }

    /// <summary>The entry as JSON, for configuration tools.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("ae_title", AeTitle.Trim());
            writer.WriteString("host", Host);
            writer.WriteNumber("port", Port);
            writer.WriteBoolean("tls", true);
            writer.WriteString("certificate", CertificatePath);
            writer.WriteString("key", KeyPath);
            writer.WriteString("ca", CaPath);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
