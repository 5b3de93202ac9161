namespace WildDns.Configuration;

/// <summary>
/// One short switch and the configuration key it sets: <c>--dns-port 53</c> sets <c>WildDns:Dns:Port</c>. A repeatable
/// switch adds list entries (<c>WildDns:Dns:Listen:0</c>, <c>:1</c>, ...); of any other the last one given wins.
/// </summary>
/// <param name="Name">The switch, with its dashes.</param>
/// <param name="Key">The configuration key it sets.</param>
/// <param name="ValueName">How help shows its value, e.g. <c>N</c> or <c>ADDR</c>.</param>
/// <param name="Description">One line for help.</param>
/// <param name="Repeatable">Whether each use adds a list entry.</param>
public sealed record CommandLineSwitch(string Name, string Key, string ValueName, string Description, bool Repeatable = false);
