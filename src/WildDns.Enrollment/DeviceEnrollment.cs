using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using WildDns.Enrollment.Credentials;
using WildDns.Enrollment.Datasets;
using WildDns.Enrollment.Est;
using WildDns.Enrollment.Renewal;
using WildDns.Enrollment.Requests;

namespace WildDns.Enrollment;

/// <summary>The device's operations (SPEC §8.4): first enrollment with the dataset's secret, renewal by its certificate, and a client's certificate through it.</summary>
/// <param name="clock">The clock for renewal decisions and waits.</param>
/// <param name="maximumWait">How long to follow 202 answers before giving up for this run.</param>
/// <param name="estCa">CAs to trust for the EST endpoint when the dataset has no pin; null: the system's.</param>
public sealed class DeviceEnrollment(TimeProvider clock, TimeSpan maximumWait, X509Certificate2Collection? estCa)
{
    /// <summary>Enrolls <paramref name="directory"/> with <paramref name="dataset"/>; does nothing when it already holds a certificate.</summary>
    public async Task<EnrollmentResult> EnrollAsync(KeyCreationDataset dataset, CredentialDirectory directory, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.IsEnrolled)
        {
            using var current = directory.LoadCurrent();
            return new EnrollmentResult(EnrollmentOutcome.AlreadyEnrolled,
                $"{directory.Path} is already enrolled ({Describe(current)}); nothing to do. Use 'wilddns device renew' for a new certificate.", []);
        }

        if (dataset.Secret is null)
        {
            return new EnrollmentResult(EnrollmentOutcome.Refused, "the dataset holds no secret; ask the registration server for a new one (rotate-secret).", []);
        }

        if (dataset.Expires <= clock.GetUtcNow())
        {
            return new EnrollmentResult(EnrollmentOutcome.Refused,
                $"the dataset's secret expired at {dataset.Expires.ToUniversalTime():u}; ask the registration server for a new one (rotate-secret).", []);
        }

        // The dataset is kept first, so a renewal later knows the EST URL and pin even if this run is interrupted.
        directory.SaveDataset(dataset);
        using var request = DeviceCertificateRequest.Create(dataset.Names);
        using var est = new EstClient(dataset.Est, EstClient.CreateHandler(dataset.EstPin, estCa, clientCertificate: null));
        progress($"sending a request for {string.Join(", ", dataset.Names)} to {dataset.Est}");
        var response = await new PendingEnrollment(clock, maximumWait)
            .RunAsync(token => est.SimpleEnrollAsync(request.Der, dataset.Certid, dataset.Secret, token), progress, cancellationToken)
            .ConfigureAwait(false);
        if (response.Outcome != EstOutcome.Issued)
        {
            return NotIssued(response);
        }

        // cacerts after the certificate: a registrar in front of a public CA may know the CA's certificates only once
        // it has issued one, and the chain it just sent is the newest word on them.
        var chain = CertificateChain.Order(response.Certificates);
        var caCertificates = await est.GetCaCertificatesAsync(cancellationToken).ConfigureAwait(false);
        directory.Install(request.KeyPem(), chain, caCertificates);
        directory.SaveDataset(dataset.WithoutSecret());
        return new EnrollmentResult(EnrollmentOutcome.Enrolled, $"enrolled: {Describe(chain[0])}; files in {directory.Path}", chain);
    }

    /// <summary>Renews when due (or <paramref name="force"/>): a new key, authenticated by the current certificate over mutual TLS.</summary>
    public async Task<EnrollmentResult> RenewAsync(CredentialDirectory directory, bool force, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var dataset = directory.LoadDataset();
        using var current = directory.LoadCurrent();
        var decision = RenewalDecision.Decide(current.NotBefore.ToUniversalTime(), current.NotAfter.ToUniversalTime(), clock.GetUtcNow(), force);
        if (!decision.ShouldRenew)
        {
            return new EnrollmentResult(EnrollmentOutcome.NotDue,
                $"not due: {Describe(current)}; renewal is due from {decision.DueAt.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}", []);
        }

        // The dataset's names, not the certificate's: a device renews what it was registered for, and a directory holding
        // another device's certificate then asks for names that certificate cannot vouch for, and is refused.
        using var request = DeviceCertificateRequest.Create(dataset.Names);
        using var est = new EstClient(dataset.Est, EstClient.CreateHandler(dataset.EstPin, estCa, current));
        progress($"renewing {Describe(current)} ({decision.Outcome.ToString().ToLowerInvariant()})");
        var response = await new PendingEnrollment(clock, maximumWait)
            .RunAsync(token => est.SimpleReenrollAsync(request.Der, token), progress, cancellationToken)
            .ConfigureAwait(false);
        if (response.Outcome != EstOutcome.Issued)
        {
            return NotIssued(response);
        }

        var chain = CertificateChain.Order(response.Certificates);
        var caCertificates = await est.GetCaCertificatesAsync(cancellationToken).ConfigureAwait(false);
        directory.Install(request.KeyPem(), chain, caCertificates);
        return new EnrollmentResult(EnrollmentOutcome.Renewed, $"renewed: {Describe(chain[0])}", chain);
    }

    /// <summary>The prefix of a client's label, in its EST path and its names: client <c>viewer1</c> is <c>*.&lt;certid&gt;.client-viewer1.&lt;zone&gt;</c>.</summary>
    public const string ClientLabelPrefix = "client-";

    /// <summary>The label of client <paramref name="client"/>: <c>viewer1</c> and <c>client-viewer1</c> both give <c>client-viewer1</c>.</summary>
    public static string ClientLabel(string client) =>
        client.StartsWith(ClientLabelPrefix, StringComparison.Ordinal) ? client : ClientLabelPrefix + client;

    /// <summary>Asks for a certificate for client <paramref name="client"/>'s request, authenticated by the device's certificate.</summary>
    public async Task<EnrollmentResult> RequestClientCertificateAsync(CredentialDirectory directory, string client, byte[] csrDer, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var dataset = directory.LoadDataset();
        using var current = directory.LoadCurrent();
        using var est = new EstClient(dataset.Est, EstClient.CreateHandler(dataset.EstPin, estCa, current));
        progress($"asking for client {client}'s certificate");
        var response = await new PendingEnrollment(clock, maximumWait)
            .RunAsync(token => est.LabelledEnrollAsync(ClientLabel(client), csrDer, token), progress, cancellationToken)
            .ConfigureAwait(false);
        if (response.Outcome != EstOutcome.Issued)
        {
            return NotIssued(response);
        }

        var chain = CertificateChain.Order(response.Certificates);
        return new EnrollmentResult(EnrollmentOutcome.Issued, $"issued: {Describe(chain[0])}", chain);
    }

    private static EnrollmentResult NotIssued(EstResponse response) => response.Outcome == EstOutcome.Pending
        ? new EnrollmentResult(EnrollmentOutcome.StillPending, "the certificate is still not ready; run the same command again later (the request stays accepted).", [])
        : new EnrollmentResult(EnrollmentOutcome.Refused, $"refused ({(int)response.Status}): {response.Reason}", []);

    private static string Describe(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(san => san.EnumerateDnsNames());
        return $"{string.Join(", ", names)}, valid until {certificate.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}";
    }
}
