using WildDns.Client;

namespace WildDns.Registration.Ordering;

/// <summary>Publishes challenge values through the WildDns control plane (SPEC §5), with the typed gRPC client.</summary>
public sealed class ControlPlanePublisher(ChallengeClient client) : IChallengePublisher
{
    public async Task PublishAsync(string recordName, string value, CancellationToken cancellationToken) =>
        await client.PublishAsync(recordName, value, cancellationToken).ConfigureAwait(false);

    public async Task RemoveAsync(string recordName, string value, CancellationToken cancellationToken) =>
        await client.RemoveAsync(recordName, value, cancellationToken).ConfigureAwait(false);
}
