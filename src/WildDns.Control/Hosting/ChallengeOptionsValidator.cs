using Microsoft.Extensions.Options;
using WildDns.Control.Challenges;

namespace WildDns.Control.Hosting;

/// <summary>Checks the challenge settings at start; every message names the configuration key at fault.</summary>
internal sealed class ChallengeOptionsValidator : IValidateOptions<ChallengeOptions>
{
    // TimeSpan binding reads a bare "3600" as 3600 days; a week is far beyond any ACME order, so such values fail loudly.
    private static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, ChallengeOptions options)
    {
        var failures = new List<string>();
        if (options.Lifetime <= TimeSpan.Zero || options.Lifetime > LongestLifetime)
        {
            failures.Add($"{ChallengeOptions.SectionName}:Lifetime must be between 00:00:01 and 7.00:00:00, written hh:mm:ss (got {options.Lifetime}).");
        }

        if (options.MaxValuesPerName is < 1 or > 64)
        {
            failures.Add($"{ChallengeOptions.SectionName}:MaxValuesPerName must be 1-64 (got {options.MaxValuesPerName}).");
        }

        if (options.MaxValues is < 1 or > 10_000_000)
        {
            failures.Add($"{ChallengeOptions.SectionName}:MaxValues must be 1-10000000 (got {options.MaxValues}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
