using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WildDns.Registration.Authority;

namespace WildDns.Registration.Tests.Authority;

/// <summary>
/// A stand-in for the public CA only (the ACME-backed one needs a CA server and is tested on its own): a local root and
/// intermediate that sign the device's own request. Each enrollment is pending for <see cref="PendingCalls"/> calls, then
/// issued; it records every call, so tests can count orders (a call without a reference starts one).
/// </summary>
internal sealed class TestCertificateAuthority : ICertificateAuthority, IDisposable
{
    private readonly X509Certificate2 root;
    private readonly X509Certificate2 intermediate;
    private readonly ConcurrentQueue<CaRequest> calls = new();

    public TestCertificateAuthority()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        root = Authority(new CertificateRequest("CN=WildDns Test Root", rootKey, HashAlgorithmName.SHA256)).CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = Authority(new CertificateRequest("CN=WildDns Test Issuing CA", intermediateKey, HashAlgorithmName.SHA256))
            .Create(root, now.AddDays(-1), now.AddMonths(6), RandomNumberGenerator.GetBytes(8));
        intermediate = issued.CopyWithPrivateKey(intermediateKey);
    }

    /// <summary>Pending answers before an enrollment is issued.</summary>
    public int PendingCalls { get; init; } = 1;

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>When set, a call that would issue waits for it (cancellable), so a test can hold enrollments in flight.</summary>
    public TaskCompletionSource? IssueGate { get; set; }

    /// <summary>When set, returns a refusal reason for a request, or null to go on.</summary>
    public Func<CaRequest, string?>? Refuse { get; init; }

    public X509Certificate2 Root => root;

    public IReadOnlyList<CaRequest> Calls => calls.ToArray();

    /// <summary>Orders placed for an enrollment: calls that came without a reference to an earlier one.</summary>
    public int OrdersFor(long enrollmentId) => calls.Count(call => call.EnrollmentId == enrollmentId && call.Reference is null);

    public Task<IReadOnlyList<X509Certificate2>> GetCaCertificatesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<X509Certificate2>>([root]);

    public async Task<CaResult> EnrollAsync(CaRequest request, CancellationToken cancellationToken)
    {
        calls.Enqueue(request);
        if (Refuse?.Invoke(request) is { } reason)
        {
            return CaResult.Refused(reason);
        }

        var previous = calls.Count(call => call.EnrollmentId == request.EnrollmentId) - 1;
        if (previous < PendingCalls)
        {
            return CaResult.Pending(RetryAfter, request.Reference ?? $"order-{request.EnrollmentId}");
        }

        if (IssueGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        var csr = CertificateRequest.LoadSigningRequest(request.Csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var now = DateTimeOffset.UtcNow;
        var leaf = csr.Create(intermediate, now.AddMinutes(-1), now.AddDays(90), RandomNumberGenerator.GetBytes(12));
        return CaResult.Issued([leaf, X509CertificateLoader.LoadCertificate(intermediate.RawData)]);
    }

    public void Dispose()
    {
        root.Dispose();
        intermediate.Dispose();
    }

    private static CertificateRequest Authority(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }
}
