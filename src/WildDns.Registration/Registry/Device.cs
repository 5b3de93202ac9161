using WildDns.Registration.Identity;
using WildDns.Registration.Secrets;

namespace WildDns.Registration.Registry;

/// <summary>A registered device: its certid, its normalised dataset and canonical text, whether it may enroll, and its secret's state.</summary>
public sealed record Device(CertId CertId, DeviceDataset Dataset, string Canonical, bool Enabled, DateTimeOffset RegisteredAt, SecretState Secret);
