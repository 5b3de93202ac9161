namespace WildDns.Registration.Ordering;

/// <summary>Where the registrar puts DNS-01 values so that WildDns serves them: the control plane today, a shared store later.</summary>
public interface IChallengePublisher
{
    /// <summary>Publishes <paramref name="value"/> at <paramref name="recordName"/>; publishing a value twice is harmless.</summary>
    Task PublishAsync(string recordName, string value, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="value"/> at <paramref name="recordName"/>; removing a value that is gone is harmless.</summary>
    Task RemoveAsync(string recordName, string value, CancellationToken cancellationToken);
}
