using System.Net;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using WildDns.Core.Codec;
using WildDns.Core.Synthesis;
using WildDns.Core.Tests.Generators;
using Xunit;

namespace WildDns.Core.Tests.Synthesis;

public sealed class SynthesisPolicyProperties
{
    private readonly SynthesisPolicy policy = new([new ZonePolicy(NameGenerators.Zone)]);

    [Property(MaxTest = 3000)]
    public Property Decide_AncestorsOfAPositiveAnswer_AreNeverNonExistent() =>
        Prop.ForAll(NameGenerators.QueryName.ToArbitrary(), name =>
        {
            // RFC 8020: a resolver that minimises query names (RFC 9156) stops at the first NXDOMAIN on the way down.
            var positive = Array.Exists(NameGenerators.QueryTypes, type => IsPositive(policy.Decide(name, type).Kind));
            var failing = positive ? FirstNonExistentAncestor(name) : null;

            return (failing is null)
                .Label($"ancestor '{failing}' of '{name}' is NXDOMAIN")
                .Classify(positive, "positive")
                .Classify(!positive, "no positive answer");
        });

    [Property(MaxTest = 3000)]
    public Property Decide_IgnoresLetterCase() =>
        Prop.ForAll(NameGenerators.QueryName.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (name, seed) =>
        {
            var recased = NameGenerators.RandomCase(name, seed);

            return Array.TrueForAll(NameGenerators.QueryTypes, type => policy.Decide(name, type) == policy.Decide(recased, type))
                .Label($"'{name}' and '{recased}' differ");
        });

    [Property(MaxTest = 2000)]
    public Property Decide_AllowedAddressUnderAnyScope_AnswersWithIt() =>
        Prop.ForAll(
            Gen.OneOf(NameGenerators.IPv4, NameGenerators.IPv6, NameGenerators.DefaultAllowedAddress).ToArbitrary(),
            Gen.Elements("abc123", "abc123.a", "a.abc123", "abc123.client-1", "abc123.CLIENT-1.A").ToArbitrary(),
            (address, scope) =>
            {
                var decision = policy.Decide($"{EncodedAddress.Encode(address)}.{scope}.{NameGenerators.Zone}", QueryType.Any);
                var allowed = policy.Zones[0].AllowedNetworks.Contains(DecodedAddress.FromIPAddress(address));

                return (allowed
                        ? decision.Kind == AnswerKind.Address && decision.Address.ToIPAddress().Equals(address)
                        : decision.Reason == DecisionReason.AddressNotAllowed && decision.Kind is AnswerKind.NoData or AnswerKind.NonExistent)
                    .Classify(allowed, "allowed");
            });

    [Property(MaxTest = 2000)]
    public Property Decide_EncodedHostNameUnderTheCnameLabel_AnswersWithTheName() =>
        Prop.ForAll(NameGenerators.HostName.ToArbitrary(), hostName =>
        {
            if (!EncodedHostName.TryEncode(hostName, out var encoded, out _))
            {
                return true.Classify(true, "refused");
            }

            var name = $"{encoded}.abc123.cname.{NameGenerators.Zone}";
            var decision = policy.Decide(name, QueryType.A);
            var target = EncodedHostName.Decode(name.AsSpan(decision.PayloadStart, decision.PayloadLength));

            return (decision.Kind == AnswerKind.Alias && target == hostName.TrimEnd('.').ToLowerInvariant())
                .Classify(false, "refused");
        });

    [Fact]
    public void QueryName_GivesEveryKindOfAnswerOften()
    {
        // The invariant above is only as good as the share of generated names that get a positive answer.
        var kinds = NameGenerators.QueryName.Sample(4000, 50)
            .Select(name => policy.Decide(name, QueryType.Any).Kind)
            .GroupBy(kind => kind)
            .ToDictionary(group => group.Key, group => group.Count());

        (kinds.GetValueOrDefault(AnswerKind.Address) + kinds.GetValueOrDefault(AnswerKind.Alias) + kinds.GetValueOrDefault(AnswerKind.Challenge))
            .Should().BeGreaterThan(1000, string.Join(", ", kinds));
        kinds.Keys.Should().Contain([AnswerKind.Address, AnswerKind.Alias, AnswerKind.Challenge, AnswerKind.EmptyNonTerminal, AnswerKind.NoData, AnswerKind.NonExistent]);
    }

    private static bool IsPositive(AnswerKind kind) => kind is AnswerKind.Address or AnswerKind.Alias or AnswerKind.Challenge;

    private string? FirstNonExistentAncestor(string name)
    {
        var ancestor = name;
        while (ancestor.Length > NameGenerators.Zone.Length)
        {
            ancestor = ancestor[(ancestor.IndexOf('.', StringComparison.Ordinal) + 1)..];
            foreach (var type in NameGenerators.QueryTypes)
            {
                if (policy.Decide(ancestor, type).Kind is AnswerKind.NonExistent or AnswerKind.NotOurs)
                {
                    return ancestor;
                }
            }
        }

        return null;
    }
}
