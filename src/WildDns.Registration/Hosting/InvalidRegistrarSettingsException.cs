namespace WildDns.Registration.Hosting;

/// <summary>The registrar's settings cannot be used; <see cref="Failures"/> names each key at fault (the CLI exits 2 on it).</summary>
public sealed class InvalidRegistrarSettingsException(IReadOnlyList<string> failures)
    : Exception("The registrar's settings are invalid:\n  " + string.Join("\n  ", failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
