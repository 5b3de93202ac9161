using FluentAssertions;
using WildDns.Core.Challenges;
using Xunit;

namespace WildDns.Core.Tests.Challenges;

public sealed class ChallengeValueTests
{
    [Theory]
    [InlineData("RFC 8555 style digest", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0")]
    [InlineData("all letters", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("hyphen and underscore", "abc-def_ghi-jkl_mno-pqr_stu-vwx_yz0-123_45w")]
    [InlineData("last character with zero padding bits (8)", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz8")]
    public void IsValid_Base64UrlDigest_ReturnsTrue(string scenario, string value) =>
        ChallengeValue.IsValid(value).Should().BeTrue();

    [Theory]
    [InlineData("empty", "")]
    [InlineData("42 characters", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX")]
    [InlineData("44 characters", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0A")]
    [InlineData("padded", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEu0=")]
    [InlineData("standard base64 '+'", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjE+X0")]
    [InlineData("standard base64 '/'", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjE/X0")]
    [InlineData("space", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjE X0")]
    [InlineData("non-ASCII letter", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEéX0")]
    [InlineData("last character with padding bits set (B)", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuXB")]
    [InlineData("last character with padding bits set (1)", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX1")]
    public void IsValid_NotADigest_ReturnsFalse(string scenario, string value) =>
        ChallengeValue.IsValid(value).Should().BeFalse();

    [Fact]
    public void IsValid_EverySha256Digest_ReturnsTrue()
    {
        // RFC 8555 §8.4: the TXT value is base64url(SHA-256(key authorization)) without padding.
        for (var i = 0; i < 256; i++)
        {
            var digest = System.Security.Cryptography.SHA256.HashData([(byte)i]);
            var value = Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');

            ChallengeValue.IsValid(value).Should().BeTrue(value);
        }
    }
}
