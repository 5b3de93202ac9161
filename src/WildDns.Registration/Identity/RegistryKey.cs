using System.Security.Cryptography;
using WildDns.Registration.Hosting;

namespace WildDns.Registration.Identity;

/// <summary>
/// The secret HMAC key certids are computed under: 32 random bytes, hex, in <c>registry.key</c> in the data directory
/// (mode 0600), generated on first start. Losing it does not lose registered devices (the registry keeps their certids),
/// but a new key gives a re-registered device a different certid; back it up with the registry.
/// </summary>
public sealed class RegistryKey
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "registry.key";

    private readonly byte[] key;

    private RegistryKey(byte[] key) => this.key = key;

    /// <summary>Reads the key from <paramref name="dataDirectory"/>, generating it there on first use.</summary>
    public static RegistryKey LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var text = OwnerOnlyFile.LoadOrCreate(path, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n").Trim();
        try
        {
            var bytes = Convert.FromHexString(text);
            return bytes.Length >= 32 ? new RegistryKey(bytes) : throw new FormatException("shorter than 32 bytes");
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"{path} must hold at least 32 bytes in hex: {exception.Message}", exception);
        }
    }

    /// <summary>A key given directly (tests with fixed vectors).</summary>
    public static RegistryKey FromBytes(byte[] key) => key.Length >= 32 ? new RegistryKey(key.ToArray()) : throw new ArgumentException("A registry key has at least 32 bytes.", nameof(key));

    /// <summary>The certid of <paramref name="dataset"/>.</summary>
    public CertId CertIdOf(CanonicalDataset dataset) => CertId.Compute(key, dataset);
}
