using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using WildDns.Control.Authentication;
using WildDns.Control.Challenges;
using WildDns.Control.V1;
using WildDns.Core.Challenges;
using WildDns.Core.Synthesis;

namespace WildDns.Control.Service;

/// <summary>
/// The gRPC face of <see cref="ChallengeStore"/>: checks names and values against SPEC §5 and answers with status codes
/// that say what was wrong. Authentication happens before, in <see cref="ControlCallGuard"/>, which also turns any other
/// exception into a status; a credential limited to scopes changes and sees only names within them.
/// </summary>
internal sealed class ChallengeControlService(ChallengeStore store, SynthesisPolicy policy, IStaticNames staticNames, ILogger<ChallengeControlService> logger)
    : ChallengeService.ChallengeServiceBase
{
    // RFC 1035 §2.3.4: 255 octets on the wire is 253 characters in text without the root dot.
    private const int MaxNameLength = 253;

    public override Task<PublishResponse> Publish(PublishRequest request, ServerCallContext context)
    {
        var name = CheckName(request.Name, context);
        CheckValue(request.Value);
        var result = store.Publish(name, request.Value);
        if (result.Outcome == PublishOutcome.NameFull)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"{name} already holds {store.MaxValuesPerName} values ({ChallengeOptions.SectionName}:{nameof(ChallengeOptions.MaxValuesPerName)}); remove one first."));
        }

        if (result.Outcome == PublishOutcome.StoreFull)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"The server already answers {store.MaxValues} challenge values, the most it holds at once ({ChallengeOptions.SectionName}:{nameof(ChallengeOptions.MaxValues)}); "
                + "remove values that are no longer needed, or wait for them to expire."));
        }

        logger.LogInformation(
            "Control change: {Action} {Name} value {ValueDigest} until {ExpiresAt:O}, by {Caller}",
            result.Outcome == PublishOutcome.Refreshed ? "refresh" : "publish", name, ValueDigest.Of(request.Value), result.ExpiresAt, ControlCaller.Describe(context));
        return Task.FromResult(new PublishResponse
        {
            ExpiresAt = Timestamp.FromDateTimeOffset(result.ExpiresAt),
            Refreshed = result.Outcome == PublishOutcome.Refreshed,
        });
    }

    public override Task<RemoveResponse> Remove(RemoveRequest request, ServerCallContext context)
    {
        var name = CheckName(request.Name, context);
        CheckValue(request.Value);
        var removed = store.Remove(name, request.Value);
        logger.LogInformation(
            "Control change: {Action} {Name} value {ValueDigest} ({Outcome}), by {Caller}",
            "remove", name, ValueDigest.Of(request.Value), removed ? "removed" : "not published", ControlCaller.Describe(context));
        return Task.FromResult(new RemoveResponse { Removed = removed });
    }

    public override Task<RemoveAllResponse> RemoveAll(RemoveAllRequest request, ServerCallContext context)
    {
        var name = CheckName(request.Name, context);
        var removed = store.RemoveAll(name);
        logger.LogInformation(
            "Control change: {Action} {Name}, {Count} values, by {Caller}",
            "remove-all", name, removed, ControlCaller.Describe(context));
        return Task.FromResult(new RemoveAllResponse { Removed = removed });
    }

    public override Task<ListResponse> List(ListRequest request, ServerCallContext context)
    {
        var scope = CheckScope(request.Scope);
        var scopes = ControlCredential.Of(context).Scopes;
        var response = new ListResponse();
        foreach (var challenge in store.List(scope).Where(challenge => scopes.Allows(challenge.Name)))
        {
            response.Challenges.Add(new Challenge
            {
                Name = challenge.Name,
                Value = challenge.Value,
                ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt),
            });
        }

        return Task.FromResult(response);
    }

    /// <summary>
    /// Returns the name lower case without the root dot, or throws the status that says why it cannot hold values or why
    /// the caller may not change it.
    /// </summary>
    private string CheckName(string requested, ServerCallContext context)
    {
        var name = ChallengeStore.Normalise(requested);
        if (name.Length == 0)
        {
            throw InvalidArgument($"The name is empty; it must be {ZonePolicy.ChallengeLabel}.<scope>.<zone>.");
        }

        if (name.Length > MaxNameLength)
        {
            throw InvalidArgument($"The name is {name.Length} characters long; a domain name holds at most {MaxNameLength}.");
        }

        switch (policy.CheckChallengeName(name, staticNames, out var zoneIndex))
        {
            case ChallengeNameCheck.Valid:
                var scopes = ControlCredential.Of(context).Scopes;
                return scopes.Allows(name)
                    ? name
                    : throw new RpcException(new Status(
                        StatusCode.PermissionDenied, $"'{requested}' is outside the scopes of this credential ({scopes}); it may change names within those only."));
            case ChallengeNameCheck.StaticName:
                throw new RpcException(new Status(
                    StatusCode.PermissionDenied,
                    $"'{requested}' is the challenge name of a name in the zone files (or of a name above one); a value there would authorise "
                    + "a certificate for a name this server does not synthesize, such as its own nameservers, so it is refused."));
            case ChallengeNameCheck.OutsideZones:
                throw InvalidArgument($"'{requested}' is in none of the served zones ({string.Join(", ", policy.Zones.Select(zone => zone.Origin))}).");
            case ChallengeNameCheck.ZoneApex:
                throw new RpcException(new Status(
                    StatusCode.PermissionDenied,
                    $"'{requested}' is the challenge name of the zone apex; a value there would authorise a certificate for all of "
                    + $"{policy.Zones[zoneIndex].Origin}, so values are published only below a scope."));
            default:
                var zone = policy.Zones[zoneIndex];
                throw InvalidArgument(
                    $"'{requested}' is not a challenge name: it must be {ZonePolicy.ChallengeLabel}.<scope>.{zone.Origin}, where the scope holds "
                    + $"1-{zone.MaxIdentifierLabels} identifier labels (letters, digits, inner dashes) and at most one of the type labels "
                    + $"'{zone.AddressLabel}' and '{zone.AliasLabel}', e.g. {ZonePolicy.ChallengeLabel}.abc.{zone.Origin}.");
        }
    }

    private static void CheckValue(string value)
    {
        if (ChallengeValue.IsValid(value))
        {
            return;
        }

        const string Shape = "The value must be a DNS-01 digest: 43 characters of unpadded base64url (RFC 8555 §8.4)";
        if (value.Length != ChallengeValue.Length)
        {
            throw InvalidArgument($"{Shape}; it has {value.Length}.");
        }

        var stray = value.FirstOrDefault(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_');
        if (stray != default)
        {
            throw InvalidArgument($"{Shape}; '{stray}' is not a base64url character.");
        }

        throw InvalidArgument($"{Shape}; its last character '{value[^1]}' cannot end the encoding of a 32-byte digest.");
    }

    /// <summary>Empty stays empty (everything); otherwise a domain name, lower case without the root dot.</summary>
    private static string CheckScope(string requested)
    {
        var scope = ChallengeStore.Normalise(requested);
        if (scope.Length == 0)
        {
            return scope;
        }

        var wellFormed = scope.Length <= MaxNameLength
            && scope.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        return wellFormed
            ? scope
            : throw InvalidArgument($"The scope '{requested}' is not a domain name such as abc.cert.example.com.");
    }

    private static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
