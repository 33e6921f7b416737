using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class MeshRegexTests
{
    [Theory]
    [InlineData(@"(a)\1", "backreferences are not supported (RE2 syntax only)")]
    [InlineData(@"(?<x>a)\k<x>", "backreferences are not supported (RE2 syntax only)")]
    [InlineData(@"(?P<x>a)(?P=x)", "backreferences are not supported (RE2 syntax only)")]
    [InlineData("foo(?=bar)", "lookahead is not supported (RE2 syntax only)")]
    [InlineData("foo(?!bar)", "lookahead is not supported (RE2 syntax only)")]
    [InlineData("(?<=foo)bar", "lookbehind is not supported (RE2 syntax only)")]
    [InlineData("(?<!foo)bar", "lookbehind is not supported (RE2 syntax only)")]
    [InlineData("(?>a+)b", "atomic groups are not supported (RE2 syntax only)")]
    [InlineData("a*+b", "possessive quantifiers are not supported (RE2 syntax only)")]
    [InlineData("a++b", "possessive quantifiers are not supported (RE2 syntax only)")]
    [InlineData("a?+b", "possessive quantifiers are not supported (RE2 syntax only)")]
    [InlineData("a{2,3}+b", "possessive quantifiers are not supported (RE2 syntax only)")]
    [InlineData("(?(a)b|c)", "conditionals are not supported (RE2 syntax only)")]
    [InlineData("(?<open-close>x)", "balancing groups are not supported (RE2 syntax only)")]
    [InlineData(@"\Gabc", @"\G is not supported (RE2 syntax only; use \z for the end of text)")]
    [InlineData(@"abc\Z", @"\Z is not supported (RE2 syntax only; use \z for the end of text)")]
    [InlineData("a(?#note)b", "comments are not supported (RE2 syntax only)")]
    [InlineData("(?'n'a)", "named groups must be written (?P<name>...) or (?<name>...)")]
    [InlineData("(?x)a b", "unsupported group flag 'x'; only i, m and s are supported")]
    [InlineData("a{1001}", "repetition count 1001 exceeds the limit of 1000")]
    [InlineData("a{1,2000}", "repetition count 2000 exceeds the limit of 1000")]
    [InlineData("[[:alpha:]]", "POSIX classes such as [:alpha:] are not supported; use ranges or \\p{...}")]
    [InlineData("[a-z-[aeiou]]", "character class subtraction is not supported (RE2 syntax only)")]
    public void Validate_NonRe2Construct_IsRejectedWithReason(string pattern, string reason)
    {
        Assert.Equal($"invalid regex \"{pattern}\": {reason}", MeshRegex.Validate(pattern));
    }

    [Fact]
    public void Validate_Backreference_HasTheDocumentedMessage()
    {
        Assert.Equal("invalid regex \"(a)\\1\": backreferences are not supported (RE2 syntax only)", MeshRegex.Validate(@"(a)\1"));
    }

    [Fact]
    public void Validate_PatternOverTheLengthCap_IsRejected()
    {
        Assert.Null(MeshRegex.Validate(new string('a', MeshRegex.MaxPatternLength)));
        Assert.Equal("invalid regex: pattern is 1025 characters; the limit is 1024", MeshRegex.Validate(new string('a', 1025)));
    }

    [Theory]
    [InlineData("a)|(b")]
    [InlineData("(abc")]
    [InlineData("[abc")]
    [InlineData("*a")]
    public void Validate_MalformedPattern_ReportsTheCompilerMessage(string pattern)
    {
        var error = MeshRegex.Validate(pattern);

        Assert.NotNull(error);
        Assert.StartsWith($"invalid regex \"{pattern}\": ", error);
    }

    [Theory]
    [InlineData("/api/v[0-9]+/.*")]
    [InlineData(@"(?P<version>v\d+)")]
    [InlineData(@"(?<version>v\d+)")]
    [InlineData("(?i)jason")]
    [InlineData("(?i:ja)son")]
    [InlineData("a{2,1000}")]
    [InlineData(@"[\]a-]+")]
    [InlineData(@"\d+\.\d+")]
    [InlineData("a+?b*?")]
    [InlineData("(a+)+$")]
    [InlineData(@"^\Ahttps?://[^/]+\z")]
    [InlineData(@"\p{L}+")]
    [InlineData("{abc}")]
    public void Validate_Re2Pattern_IsAccepted(string pattern)
    {
        Assert.Null(MeshRegex.Validate(pattern));
    }

    [Fact]
    public void Compile_MatchesTheWholeInputOnly()
    {
        var regex = MeshRegex.Compile("/api/.*|/static");

        Assert.Matches(regex, "/api/v1/products");
        Assert.Matches(regex, "/static");
        Assert.DoesNotMatch(regex, "/static/app.js");
        Assert.DoesNotMatch(regex, "x/api/v1");
        Assert.DoesNotMatch(MeshRegex.Compile("abc"), "abc\n");
    }

    [Fact]
    public void Compile_UsesNonBacktrackingAndCultureInvariant()
    {
        var regex = MeshRegex.Compile("a+");

        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.True(regex.Options.HasFlag(RegexOptions.CultureInvariant));
    }

    [Fact]
    public void Compile_PythonStyleNamedGroup_CapturesByName()
    {
        var match = MeshRegex.Compile(@"/reviews/(?P<id>\d+)").Match("/reviews/42");

        Assert.Equal("42", match.Groups["id"].Value);
    }

    [Fact]
    public void Compile_NestedQuantifierOnHostileInput_ReturnsWithoutBacktracking()
    {
        Assert.DoesNotMatch(MeshRegex.Compile("(a+)+b"), new string('a', 50_000) + "!");
    }

    [Fact]
    public void Compile_InvalidPattern_ThrowsArgumentExceptionWithTheMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => MeshRegex.Compile("(?=x)"));

        Assert.StartsWith("invalid regex \"(?=x)\": lookahead is not supported (RE2 syntax only)", ex.Message);
    }
}
