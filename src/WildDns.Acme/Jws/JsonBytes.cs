using System.Text.Json;

namespace WildDns.Acme.Jws;

/// <summary>Compact UTF-8 JSON written member by member, where the order and spelling of members are part of the contract.</summary>
internal static class JsonBytes
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
