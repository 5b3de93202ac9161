namespace WildDns.Acme;

/// <summary>
/// An ACME server refused a request, or an order ended in a state that gives no certificate. Carries the server's problem
/// document and its Retry-After, so a caller can tell "try again later" (<see cref="IsRateLimited"/>) from "give up".
/// </summary>
public sealed class AcmeException : Exception
{
    public AcmeException(AcmeProblem problem, TimeSpan? retryAfter, Exception? innerException = null)
        : base(Describe(problem, retryAfter), innerException)
    {
        Problem = problem;
        RetryAfter = retryAfter;
    }

    public AcmeProblem Problem { get; }

    /// <summary>The error type URI, e.g. <c>urn:ietf:params:acme:error:rateLimited</c>.</summary>
    public string Type => Problem.Type;

    public string? Detail => Problem.Detail;

    public IReadOnlyList<AcmeProblem> Subproblems => Problem.Subproblems;

    /// <summary>How long the server asked the client to wait (RFC 8555 §6.6), when it said; never negative.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the server refused for a rate limit: repeat the same request after <see cref="RetryAfter"/>.</summary>
    public bool IsRateLimited => Problem.IsRateLimited;

    private static string Describe(AcmeProblem problem, TimeSpan? retryAfter) =>
        retryAfter is { } wait ? $"ACME error {problem}; retry after {wait.TotalSeconds:0} s" : $"ACME error {problem}";
}
