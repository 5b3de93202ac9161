using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using WildDns.Est;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Est;
using WildDns.Registration.Hosting;
using WildDns.Registration.Identity;
using WildDns.Registration.Policy;
using WildDns.Registration.Registry;
using WildDns.Registration.Secrets;

namespace WildDns.Registration.Admin;

/// <summary>The admin API (<c>registrar.proto</c>): register devices, read them, disable, enable and give them new secrets; every change is audited.</summary>
public sealed class RegistrarAdminService(
    IDeviceRegistry registry,
    RegistryKey registryKey,
    DeviceNames names,
    RegistrarSettings settings,
    EstCertificate estCertificate,
    AdminAuthenticator authenticator,
    TimeProvider time,
    AuditLog audit) : RegistrarService.RegistrarServiceBase
{
    public override async Task<DatasetResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var caller = authenticator.Authenticate(context);
        var institution = request.Institution;
        if (caller.Institution is not null)
        {
            if (!string.IsNullOrWhiteSpace(institution) && Canonical(new DeviceDataset("-", "-", "-", null, institution)).Dataset.Institution != caller.Institution)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"This token registers devices of {caller.Institution} only."));
            }

            institution = caller.Institution;
        }

        var canonical = Canonical(new DeviceDataset(request.Vendor, request.Model, request.Serial, request.Material, institution));
        var certId = registryKey.CertIdOf(canonical);
        var secret = OneTimeSecret.Generate();
        var now = time.GetUtcNow();
        var device = new Device(certId, canonical.Dataset, canonical.Text, Enabled: true, now, SecretState.For(secret, now + settings.SecretLifetime));
        if (!await registry.TryAddDeviceAsync(device, context.CancellationToken).ConfigureAwait(false))
        {
            var existing = await registry.FindDeviceAsync(certId, context.CancellationToken).ConfigureAwait(false);
            throw new RpcException(existing?.Canonical == canonical.Text
                ? new Status(StatusCode.AlreadyExists, $"This device is registered already as {certId}; RotateSecret gives it a new secret.")
                : new Status(StatusCode.AlreadyExists, $"The dataset's certid {certId} belongs to another device (a collision, about one in 10^18 per pair); register this one with its material number or a corrected serial."));
        }

        audit.Registered(caller.Description, certId.Value, canonical.Dataset.Institution);
        return Dataset(device, secret);
    }

    public override async Task<DeviceInfo> Get(DeviceRequest request, ServerCallContext context) =>
        await DescribeAsync(await FindAsync(request.Certid, authenticator.Authenticate(context), context).ConfigureAwait(false), context).ConfigureAwait(false);

    public override async Task<ListResponse> List(ListRequest request, ServerCallContext context)
    {
        var caller = authenticator.Authenticate(context);
        var institution = caller.Institution
            ?? (string.IsNullOrWhiteSpace(request.Institution) ? null : Canonical(new DeviceDataset("-", "-", "-", null, request.Institution)).Dataset.Institution);
        var response = new ListResponse();
        foreach (var device in await registry.ListDevicesAsync(institution, context.CancellationToken).ConfigureAwait(false))
        {
            response.Devices.Add(await DescribeAsync(device, context).ConfigureAwait(false));
        }

        return response;
    }

    public override Task<DeviceInfo> Disable(DeviceRequest request, ServerCallContext context) => SetEnabledAsync(request, context, enabled: false);

    public override Task<DeviceInfo> Enable(DeviceRequest request, ServerCallContext context) => SetEnabledAsync(request, context, enabled: true);

    public override async Task<DatasetResponse> RotateSecret(DeviceRequest request, ServerCallContext context)
    {
        var caller = authenticator.Authenticate(context);
        var device = await FindAsync(request.Certid, caller, context).ConfigureAwait(false);
        var secret = OneTimeSecret.Generate();
        var state = SecretState.For(secret, time.GetUtcNow() + settings.SecretLifetime);
        await registry.SetSecretAsync(device.CertId, state, context.CancellationToken).ConfigureAwait(false);
        audit.SecretRotated(caller.Description, device.CertId.Value);
        return Dataset(device with { Secret = state }, secret);
    }

    private static CanonicalDataset Canonical(DeviceDataset dataset) =>
        CanonicalDataset.TryCreate(dataset, out var canonical, out var error)
            ? canonical!
            : throw new RpcException(new Status(StatusCode.InvalidArgument, error));

    private async Task<DeviceInfo> SetEnabledAsync(DeviceRequest request, ServerCallContext context, bool enabled)
    {
        var caller = authenticator.Authenticate(context);
        var device = await FindAsync(request.Certid, caller, context).ConfigureAwait(false);
        await registry.SetEnabledAsync(device.CertId, enabled, context.CancellationToken).ConfigureAwait(false);
        if (enabled)
        {
            audit.Enabled(caller.Description, device.CertId.Value);
        }
        else
        {
            audit.Disabled(caller.Description, device.CertId.Value);
        }

        return await DescribeAsync(device with { Enabled = enabled }, context).ConfigureAwait(false);
    }

    private async Task<Device> FindAsync(string text, AdminCaller caller, ServerCallContext context)
    {
        if (!CertId.TryParse(text, out var certId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{text}' is not a certid: c followed by 12 characters of a-z and 2-7."));
        }

        var device = await registry.FindDeviceAsync(certId, context.CancellationToken).ConfigureAwait(false);

        // A limited token cannot tell another institution's device from no device.
        return device is not null && (caller.Institution is null || caller.Institution == device.Dataset.Institution)
            ? device
            : throw new RpcException(new Status(StatusCode.NotFound, $"No device {certId} is registered{(caller.Institution is null ? string.Empty : $" for {caller.Institution}")}."));
    }

    private async Task<DeviceInfo> DescribeAsync(Device device, ServerCallContext context)
    {
        var info = new DeviceInfo
        {
            Certid = device.CertId.Value,
            Vendor = device.Dataset.Vendor,
            Model = device.Dataset.Model,
            Serial = device.Dataset.Serial,
            Material = device.Dataset.Material ?? string.Empty,
            Institution = device.Dataset.Institution,
            Enabled = device.Enabled,
            Registered = Timestamp.FromDateTimeOffset(device.RegisteredAt),
            SecretExpires = Timestamp.FromDateTimeOffset(device.Secret.ExpiresAt),
            SecretSpent = device.Secret.SpentAt is not null,
        };
        foreach (var certificate in await registry.ListCertificatesAsync(device.CertId, context.CancellationToken).ConfigureAwait(false))
        {
            info.Certificates.Add(new CertificateInfo
            {
                Label = certificate.Label,
                Fingerprint = certificate.Fingerprint,
                Serial = certificate.Serial,
                NotAfter = Timestamp.FromDateTimeOffset(certificate.NotAfter),
            });
        }

        info.Clients.AddRange((await registry.ListClientsAsync(device.CertId, context.CancellationToken).ConfigureAwait(false)).Select(client => client.Label));
        return info;
    }

    private DatasetResponse Dataset(Device device, string secret)
    {
        var dataset = new KeyCreationDataset(
            device.CertId.Value,
            secret,
            names.Zone,
            names.ForDevice(device.CertId),
            settings.Est.Url is { Length: > 0 } url ? url.TrimEnd('/') : $"https://localhost:{settings.Est.Port}{EstPath.Prefix}",
            device.Secret.ExpiresAt,
            estCertificate.Pin);
        return new DatasetResponse
        {
            Certid = device.CertId.Value,
            Json = dataset.ToJson(),
            Expires = Timestamp.FromDateTimeOffset(device.Secret.ExpiresAt),
        };
    }
}
