namespace WildDns.Configuration;

/// <summary>A setting that stops the start; the message names its key and what is wrong.</summary>
public sealed class ConfigurationError(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
}
