namespace WildDns.Registration.Workflow;

/// <summary>The answer to an EST enrollment request, free of HTTP: the EST endpoints turn it into a status, headers and a body.</summary>
/// <param name="Reason">Why, for every status other than <see cref="EstStatus.Issued"/>; never contains a secret.</param>
/// <param name="Chain">The leaf and its chain (DER each), when issued.</param>
public readonly record struct EstAnswer(EstStatus Status, string Reason, IReadOnlyList<byte[]> Chain, TimeSpan RetryAfter)
{
    public static EstAnswer Issued(IReadOnlyList<byte[]> chain) => new(EstStatus.Issued, string.Empty, chain, TimeSpan.Zero);

    public static EstAnswer Pending(TimeSpan retryAfter) => new(EstStatus.Pending, "The certificate is being issued; repeat this request after Retry-After.", [], retryAfter);

    public static EstAnswer Refuse(EstStatus status, string reason) => new(status, reason, [], TimeSpan.Zero);
}
