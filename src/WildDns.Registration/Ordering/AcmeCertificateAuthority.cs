using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using WildDns.Acme;
using WildDns.Acme.Dns01;
using WildDns.Acme.Resources;
using WildDns.Registration.Authority;
using WildDns.Registration.Workflow;

namespace WildDns.Registration.Ordering;

/// <summary>
/// The public CA behind the registrar, over ACME (SPEC §8.3): one DNS-01 order per enrollment, its values published
/// into WildDns and answered only when every nameserver serves them, finalized with the device's own request.
/// </summary>
/// <remarks>
/// The order's URL is handed back as the pending result's reference before anything else happens, so a registrar that
/// stops at any later step continues the same order after a restart instead of placing another. The values are removed
/// when the order ends, valid or invalid; while it is still pending they stay, and expire on their own in WildDns.
/// </remarks>
public sealed partial class AcmeCertificateAuthority(
    Func<CancellationToken, Task<AcmeClient>> connect,
    IChallengePublisher publisher,
    NameserverProbe probe,
    TimeSpan propagationTimeout,
    CaCertificateSource caCertificates,
    EnrollmentMetrics metrics,
    ILogger<AcmeCertificateAuthority> logger) : ICertificateAuthority
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RateLimitedDefault = TimeSpan.FromMinutes(5);

    public Task<IReadOnlyList<X509Certificate2>> GetCaCertificatesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(caCertificates.Current());

    public async Task<CaResult> EnrollAsync(CaRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var acme = await connect(cancellationToken).ConfigureAwait(false);
        try
        {
            if (request.Reference is null)
            {
                using var replacing = request.Replaces is null ? null : X509CertificateLoader.LoadCertificate(request.Replaces);
                var placed = await acme.BeginDns01OrderAsync(request.Names, replacing, cancellationToken).ConfigureAwait(false);
                metrics.Ordered("placed");
                LogOrdered(logger, request.EnrollmentId, request.CertId, placed.Url, replacing is not null);
                return CaResult.Pending(TimeSpan.Zero, placed.Url.ToString());
            }

            var order = await acme.OpenDns01OrderAsync(new Uri(request.Reference), cancellationToken).ConfigureAwait(false);
            return await ContinueAsync(order, request, cancellationToken).ConfigureAwait(false);
        }
        catch (AcmeException e) when (e.IsRateLimited)
        {
            // SPEC §8.3: back in the queue until the CA's Retry-After; the device keeps getting 202.
            var wait = e.RetryAfter ?? RateLimitedDefault;
            metrics.Ordered("rate_limited");
            LogRateLimited(logger, request.EnrollmentId, request.CertId, wait, e.Detail);
            return CaResult.Pending(wait, request.Reference);
        }
        catch (TimeoutException e)
        {
            // The order is still at the CA, validating or issuing: look again soon, same order.
            LogStillWorking(logger, request.EnrollmentId, e.Message);
            return CaResult.Pending(Soon, request.Reference);
        }
    }

    private async Task<CaResult> ContinueAsync(Dns01Order order, CaRequest request, CancellationToken cancellationToken)
    {
        var values = order.Challenges.Select(challenge => (challenge.RecordName, challenge.TxtValue)).ToArray();
        var ended = false;
        try
        {
            if (order.Order.Status == AcmeStatus.Pending && values.Length > 0)
            {
                foreach (var (recordName, value) in values)
                {
                    await publisher.PublishAsync(recordName, value, cancellationToken).ConfigureAwait(false);
                }

                var lacking = await probe.WaitUntilServedAsync(values, propagationTimeout, cancellationToken).ConfigureAwait(false);
                if (lacking.Count > 0)
                {
                    // Not answered: the CA would validate against a nameserver without the value and fail the order.
                    throw new InvalidOperationException(
                        $"after {propagationTimeout.TotalSeconds:0} s these nameservers still do not serve the challenge: {string.Join("; ", lacking)}");
                }

                await order.AnswerAllAsync(cancellationToken).ConfigureAwait(false);
            }

            var chain = await order.FinalizeAsync(request.Csr, cancellationToken).ConfigureAwait(false);
            ended = true;
            caCertificates.Learn(chain.Certificates);
            metrics.Ordered("issued");
            LogIssued(logger, request.EnrollmentId, request.CertId, chain.Leaf.SerialNumber, chain.Leaf.NotAfter);
            return CaResult.Issued(chain.Certificates);
        }
        catch (AcmeException e) when (!e.IsRateLimited)
        {
            ended = order.Order.Status is AcmeStatus.Invalid || e.Type.EndsWith(":unauthorized", StringComparison.Ordinal)
                || e.Type.EndsWith(":rejectedIdentifier", StringComparison.Ordinal) || e.Type.EndsWith(":badCSR", StringComparison.Ordinal);
            if (!ended)
            {
                throw;
            }

            var reason = $"the CA refused: {e.Detail ?? e.Type}{string.Concat(e.Subproblems.Select(sub => $"; {sub.Detail}"))}";
            metrics.Ordered("refused");
            LogRefused(logger, request.EnrollmentId, request.CertId, reason);
            return CaResult.Refused(reason);
        }
        finally
        {
            if (ended)
            {
                await RemoveAsync(values).ConfigureAwait(false);
            }
        }
    }

    private async Task RemoveAsync(IEnumerable<(string RecordName, string Value)> values)
    {
        foreach (var (recordName, value) in values)
        {
            try
            {
                // Not the caller's token: the order has ended, and a cancelled request must still clean up.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await publisher.RemoveAsync(recordName, value, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogRemoveFailed(logger, recordName, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment {EnrollmentId} ({CertId}): ordered {OrderUrl} (renewal: {Renewal})")]
    private static partial void LogOrdered(ILogger logger, long enrollmentId, string certId, Uri orderUrl, bool renewal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment {EnrollmentId} ({CertId}): issued serial {Serial}, valid until {NotAfter:u}")]
    private static partial void LogIssued(ILogger logger, long enrollmentId, string certId, string serial, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrollment {EnrollmentId} ({CertId}): rate limited by the CA, trying again in {Wait}: {Detail}")]
    private static partial void LogRateLimited(ILogger logger, long enrollmentId, string certId, TimeSpan wait, string? detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Enrollment {EnrollmentId}: the CA is still working on it ({Detail})")]
    private static partial void LogStillWorking(ILogger logger, long enrollmentId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrollment {EnrollmentId} ({CertId}): {Reason}")]
    private static partial void LogRefused(ILogger logger, long enrollmentId, string certId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the challenge value at {RecordName}: {Detail}; it expires on its own")]
    private static partial void LogRemoveFailed(ILogger logger, string recordName, string detail);
}
