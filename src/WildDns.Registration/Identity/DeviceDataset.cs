namespace WildDns.Registration.Identity;

/// <summary>The device identification dataset of SPEC §8.1, as an operator typed it (see <see cref="CanonicalDataset"/> for the normalised form).</summary>
/// <param name="Material">The material (part) number; null or blank when the device has none.</param>
public sealed record DeviceDataset(string Vendor, string Model, string Serial, string? Material, string Institution);
