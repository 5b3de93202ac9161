using System.Text;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using WildDns.Est;
using WildDns.Registration.Admin;
using WildDns.Registration.Admin.V1;
using WildDns.Registration.Tests.Hosting;
using WildDns.Registration.Tests.Policy;
using WildDns.Registration.Hosting;
using WildDns.Registration.Workflow;
using Xunit;

namespace WildDns.Registration.Tests.Workflow;

/// <summary>The secret rules as the EST side applies them, on a running registrar, without HTTP in between.</summary>
public sealed class EnrollmentGateTests : RegistrarTest
{
    private EnrollmentGate Gate => Registrar.Host.Services.GetRequiredService<EnrollmentGate>();

    [Fact]
    public async Task Repeated_wrong_secrets_lock_the_certid_also_for_the_right_secret_and_across_a_restart()
    {
        var device = await RegisterAsync("SN-L");
        var body = Body(device);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await Gate.EnrollWithSecretAsync(device.CertId, "wrong", body, "test", default)).Status.Should().Be(EstStatus.Unauthorized);
        }

        await Registrar.DisposeAsync();
        Registrar = await TestRegistrar.StartAsync(Data, Authority);
        var locked = await Gate.EnrollWithSecretAsync(device.CertId, device.Secret, body, "test", default);

        locked.Status.Should().Be(EstStatus.Unauthorized);
        locked.Reason.Should().Contain("locked until");
    }

    [Fact]
    public async Task An_expired_secret_is_refused_and_a_rotated_one_replaces_it()
    {
        var device = await RegisterAsync("SN-E");
        await Task.Delay(TimeSpan.FromSeconds(3.2));

        var expired = await Gate.EnrollWithSecretAsync(device.CertId, device.Secret, Body(device), "test", default);
        var rotated = KeyCreationDataset.FromJson((await Registrar.Admin().RotateSecretAsync(new DeviceRequest { Certid = device.CertId })).Json)!;
        var old = await Gate.EnrollWithSecretAsync(device.CertId, device.Secret, Body(device), "test", default);
        var fresh = await Gate.EnrollWithSecretAsync(device.CertId, rotated.Secret, Body(device), "test", default);

        expired.Status.Should().Be(EstStatus.Unauthorized);
        expired.Reason.Should().Contain("expired");
        old.Status.Should().Be(EstStatus.Unauthorized);
        old.Reason.Should().Be("The certid or the secret is wrong.");
        fresh.Status.Should().Be(EstStatus.Pending);
    }

    [Fact]
    public async Task An_unknown_certid_gets_the_same_answer_as_a_wrong_secret()
    {
        var device = await RegisterAsync("SN-U");

        var unknown = await Gate.EnrollWithSecretAsync("caaaaaaaaaaaa", device.Secret, Body(device), "test", default);
        var malformed = await Gate.EnrollWithSecretAsync("not-a-certid", device.Secret, Body(device), "test", default);
        var wrong = await Gate.EnrollWithSecretAsync(device.CertId, "wrong", Body(device), "test", default);

        unknown.Should().Be(wrong);
        malformed.Should().Be(wrong);
    }

    [Fact]
    public async Task A_second_request_while_one_is_being_issued_is_a_conflict()
    {
        Authority.IssueGate = new TaskCompletionSource();
        var device = await RegisterAsync("SN-C");

        (await Gate.EnrollWithSecretAsync(device.CertId, device.Secret, Body(device), "test", default)).Status.Should().Be(EstStatus.Pending);
        var second = await Gate.EnrollWithSecretAsync(device.CertId, device.Secret, Body(device), "test", default);

        second.Status.Should().Be(EstStatus.Conflict);
        Authority.IssueGate.SetResult();
    }

    private protected override void Adjust(RegistrarSettings settings)
    {
        settings.MaxSecretFailures = 3;
        settings.SecretLifetime = TimeSpan.FromSeconds(3);
    }

    private static ReadOnlyMemory<byte> Body(KeyCreationDataset device) => EstBase64.Encode(TestRequests.Make([.. device.Names]));
}
