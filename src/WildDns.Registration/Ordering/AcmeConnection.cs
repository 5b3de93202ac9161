using WildDns.Acme;

namespace WildDns.Registration.Ordering;

/// <summary>
/// Connects to the CA once (directory, account found or created, SPEC §8.3) on first use, and again on the next use if
/// that failed, so that a CA that is down at start delays enrollments instead of stopping the registrar. The options are
/// made on first use too, so the account key is read (or created) in a data directory that exists by then.
/// </summary>
public sealed class AcmeConnection(Func<AcmeClientOptions> options) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private AcmeClient? client;

    /// <summary>The connected client.</summary>
    public async Task<AcmeClient> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref client) is { } connected)
        {
            return connected;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return client ??= await AcmeClient.ConnectAsync(options(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        client?.Dispose();
        gate.Dispose();
    }
}
