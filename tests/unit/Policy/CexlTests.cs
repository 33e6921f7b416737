using System.Net;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;
using Xunit;

namespace GatewayMesh.UnitTests.Policy;

public class CexlTests
{
    private static CexlExpression Compile(string source, FixedAttributes? fixedAttributes = null)
    {
        var expression = Cexl.Compile(source, out var error, fixedAttributes);
        Assert.True(expression is not null, error);
        return expression!;
    }

    private static string Error(string source)
    {
        Assert.Null(Cexl.Compile(source, out var error));
        return error!;
    }

    private static TestBag Reviews() => new TestBag()
        .With("source.labels", TestBag.Map(("app", "reviews"), ("version", "v3")))
        .With("destination.labels", TestBag.Map(("app", "ratings")))
        .With("request.headers", TestBag.Map(("x-user", "jason"), ("cookie", "user=jason")))
        .With("request.path", "/ratings/0")
        .With("response.code", 200L)
        .With("source.ip", IPAddress.Parse("10.1.2.3"))
        .With("response.duration", TimeSpan.FromMilliseconds(15))
        .With("request.time", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("destination.labels[\"app\"] == \"ratings\" && source.labels[\"app\"]==\"reviews\" && source.labels[\"version\"] == \"v3\"", true)]
    [InlineData("source.labels[\"version\"] != \"v3\"", false)]
    [InlineData("!(response.code == 200)", false)]
    [InlineData("response.code >= 200 && response.code < 300", true)]
    [InlineData("request.path.startsWith(\"/ratings\")", true)]
    [InlineData("request.path.endsWith(\"/0\")", true)]
    [InlineData("match(request.path, \"/ratings*\")", true)]
    [InlineData("match(request.path, \"*/0\")", true)]
    [InlineData("match(request.path, \"/ratings\")", false)]
    [InlineData("\"^/rat[a-z]+/\\\\d$\".matches(request.path)", true)]
    [InlineData("\"ratings\".matches(request.path)", true)]
    [InlineData("source.ip == ip(\"10.1.2.3\")", true)]
    [InlineData("source.ip == ip(\"::ffff:10.1.2.3\")", true)]
    [InlineData("response.duration < \"20ms\"", true)]
    [InlineData("response.duration > \"1s\"", false)]
    [InlineData("request.time == timestamp(\"2024-05-01T12:00:00Z\")", true)]
    [InlineData("request.time < timestamp(\"2024-05-01T13:00:00+01:00\") || false", false)]
    [InlineData("conditional(response.code == 200, \"ok\", \"bad\") == \"ok\"", true)]
    [InlineData("conditionalString(false, \"a\", \"b\") == \"b\"", true)]
    [InlineData("toLower(\"ReViEwS\") == source.labels[\"app\"]", true)]
    [InlineData("size(request.headers) == 2 && size(\"abc\") == 3 && request.path.size() == 10", true)]
    [InlineData("size(emptyStringMap()) == 0", true)]
    [InlineData("(request.headers | emptyStringMap())[\"x-user\"] == \"jason\"", true)]
    [InlineData("request.headers[\"x-user\"] + \"!\" == \"jason!\"", true)]
    [InlineData("1 + 2 == 3 && 1.5 + 1.5 == 3.0 && \"1s\" + \"500ms\" == \"1.5s\"", true)]
    [InlineData("TRUE && True", true)]
    [InlineData("-1 < 0", true)]
    [InlineData("`raw\\n` == \"raw\\\\n\" && 'x' == \"x\" && \"\\u00e9\" == \"é\" && \"\\x41\" == \"A\" && \"\\101\" == \"A\"", true)]
    public void Compile_ExpressionOverBag_EvaluatesLikeMixer(string source, bool expected)
    {
        var expression = Compile(source);

        Assert.Equal(CexlType.Bool, expression.Type);
        Assert.True(expression.TryEvalBool(Reviews(), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("request.headers[\"x-forwarded-for\"] | \"unknown\"", "unknown")]
    [InlineData("request.headers[\"x-user\"] | \"unknown\"", "jason")]
    [InlineData("destination.labels[\"version\"] | destination.service.name | \"unknown\"", "unknown")]
    [InlineData("source.labels[\"app\"] | source.workload.name", "reviews")]
    [InlineData("response.size | 0", "0")]
    [InlineData("response.duration | \"0ms\"", "15ms")]
    [InlineData("source.ip | ip(\"0.0.0.0\")", "10.1.2.3")]
    [InlineData("destination.ip | ip(\"0.0.0.0\")", "0.0.0.0")]
    [InlineData("request.time", "2024-05-01T12:00:00Z")]
    public void TryEvalString_FirstDefinedOperator_SuppliesDefaults(string source, string expected)
    {
        Assert.True(Compile(source).TryEvalString(Reviews(), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("request.headers[\"missing\"] == \"x\"")]
    [InlineData("destination.service.name == \"ratings\"")]
    [InlineData("request.headers[\"missing\"] == \"x\" || true")]
    [InlineData("ip(request.headers[\"x-user\"]) == ip(\"1.2.3.4\")")]
    [InlineData("timestamp(request.path) == request.time")]
    public void TryEvalBool_UndefinedAttributeOrFailedConversion_IsUndefined(string source)
    {
        Assert.False(Compile(source).TryEvalBool(Reviews(), out _));
    }

    [Fact]
    public void TryEvalBool_ShortCircuit_DoesNotNeedTheRightSide()
    {
        Assert.True(Compile("false && request.headers[\"missing\"] == \"x\"").TryEvalBool(Reviews(), out var and));
        Assert.False(and);
        Assert.True(Compile("true || request.headers[\"missing\"] == \"x\"").TryEvalBool(Reviews(), out var or));
        Assert.True(or);
    }

    [Theory]
    [InlineData("source.labels[\"app\"] == 1", "typeError got INT64, expected STRING")]
    [InlineData("response.code == \"200\"", "typeError got STRING, expected INT64")]
    [InlineData("response.duration | \"later\"", "typeError got STRING, expected DURATION")]
    [InlineData("request.headers[\"x\"] == \"0\"", "typeError got DURATION, expected STRING")]
    [InlineData("no.such.attribute == \"x\"", "unknown attribute no.such.attribute")]
    [InlineData("frobnicate(request.path)", "unknown function: frobnicate")]
    [InlineData("startsWith(request.path, \"/\")", "invoking instance method without an instance: startsWith")]
    [InlineData("request.path.match(\"x\")", "invoking regular function on instance method: match")]
    [InlineData("request.path.startsWith()", "arity mismatch")]
    [InlineData("request.path && true", "typeError got STRING, expected BOOL")]
    [InlineData("!request.path", "typeError got STRING, expected BOOL")]
    [InlineData("request.path[\"a\"]", "typeError got STRING, expected STRING_MAP")]
    [InlineData("request.headers == request.headers", "STRING_MAP values cannot be compared")]
    [InlineData("source.ip < source.ip", "IP_ADDRESS values cannot be ordered")]
    [InlineData("request.path.matches(\"x\")", "must be a string literal")]
    [InlineData("\"(a)\\\\1\".matches(request.path)", "invalid regex")]
    [InlineData("\"(?=x)\".matches(request.path)", "invalid regex")]
    [InlineData("ip(\"not-an-ip\") == source.ip", "could not convert not-an-ip to IP_ADDRESS")]
    [InlineData("timestamp(\"yesterday\") == request.time", "could not convert 'yesterday' to TIMESTAMP")]
    [InlineData("conditional(true, 1, \"a\")", "typeError got STRING, expected INT64")]
    [InlineData("size(response.code)", "expected STRING or STRING_MAP")]
    public void Compile_TypeError_SaysWhatIsWrong(string source, string expected)
    {
        Assert.Contains(expected, Error(source), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a ==", "unexpected end of expression")]
    [InlineData("(a", "expected ')'")]
    [InlineData("a b", "unexpected 'b' after the expression")]
    [InlineData("\"open", "string literal not terminated")]
    [InlineData("`open", "raw string literal not terminated")]
    [InlineData("'ab' == \"x\"", "exactly one character")]
    [InlineData("\"\\q\"", "unknown escape sequence")]
    [InlineData("1 * 2", "operator '*' is not supported")]
    [InlineData("a - b", "operator '-' is not supported")]
    [InlineData("-request.size", "unary '-' applies only to number literals")]
    [InlineData("0x1F == 31", "invalid integer literal 0x1F")]
    [InlineData("99999999999999999999 == 1", "invalid integer literal")]
    [InlineData("a = b", "operator '=' is not supported")]
    [InlineData("", "expression is empty")]
    [InlineData("#", "unexpected character '#'")]
    public void Compile_SyntaxError_NamesThePosition(string source, string expected)
    {
        var error = Error(source);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SyntaxError_GivesOneBasedPosition()
    {
        Assert.Contains("position 5:", Error("a ==="), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_PipeBindsTighterThanEquality_AsInGo()
    {
        // Go precedence: | is an additive operator, so this is (labels[version] | "v1") == "v1".
        var expression = Compile("destination.labels[\"version\"] | \"v1\" == \"v1\"");

        Assert.True(expression.TryEvalBool(Reviews(), out var value));
        Assert.True(value);
    }

    [Fact]
    public void Compile_DurationLiteral_IsDurationTypedAsInMixer()
    {
        Assert.Equal(CexlType.Duration, Compile("\"1h30m\"").Type);
        Assert.Equal(CexlType.Duration, Compile("\"0\"").Type);
        Assert.Equal(CexlType.String, Compile("\"10 ms\"").Type);
    }

    [Fact]
    public void Compile_RequiredType_ReportsMixerMessage()
    {
        Assert.Null(Cexl.Compile("request.path", CexlType.Bool, out var error));
        Assert.Equal("expression 'request.path' evaluated to type STRING, expected type BOOL", error);
    }

    [Fact]
    public void Compile_FixedAttributes_FoldTheRuleAway()
    {
        var own = new TestBag().With("destination.labels", TestBag.Map(("app", "productpage")));
        var fixedAttributes = new FixedAttributes(new HashSet<MixerAttribute> { MixerAttribute.DestinationLabels }, own);

        var other = Compile("destination.labels[\"app\"] == \"ratings\" && source.labels[\"app\"] == \"reviews\"", fixedAttributes);
        var mine = Compile("destination.labels[\"app\"] == \"productpage\" && source.labels[\"app\"] == \"reviews\"", fixedAttributes);

        Assert.True(other.IsConstant);
        Assert.True(other.TryEvalBool(new TestBag(), out var value));
        Assert.False(value);
        Assert.False(mine.IsConstant);
        Assert.Equal(new[] { new AttributeReference(MixerAttribute.SourceLabels, "app") }, mine.References);
    }

    [Fact]
    public void Compile_FixedButAbsentAttribute_FoldsToTheDefault()
    {
        var fixedAttributes = new FixedAttributes(new HashSet<MixerAttribute> { MixerAttribute.DestinationLabels }, new TestBag());

        var expression = Compile("destination.labels[\"version\"] | \"none\"", fixedAttributes);

        Assert.True(expression.IsConstant);
        Assert.True(expression.TryEvalString(new TestBag(), out var value));
        Assert.Equal("none", value);
    }

    [Fact]
    public void Compile_References_AreTheAttributesReadAtRunTime()
    {
        var expression = Compile("request.headers[\"x-user\"] == \"jason\" && request.path.startsWith(\"/a\") || source.ip == ip(\"1.1.1.1\")");

        Assert.Equal(
            new[] { new AttributeReference(MixerAttribute.SourceIp), new AttributeReference(MixerAttribute.RequestHeaders, "x-user"), new AttributeReference(MixerAttribute.RequestPath) },
            expression.References.OrderBy(r => r.Attribute));
    }

    [Fact]
    public void Compile_ConstantExpression_IsFoldedOnce()
    {
        var expression = Compile("\"a\" + \"b\" == \"ab\" && ip(\"1.2.3.4\") == ip(\"1.2.3.4\")");

        Assert.True(expression.IsConstant);
    }

    [Fact]
    public void Compile_MegabyteExpression_IsRejectedQuickly()
    {
        var source = "request.path == \"" + new string('a', 1024 * 1024) + "\"";

        Assert.Contains("the limit is 65536", Error(source), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_DeepParentheses_AreRejectedWithoutCrashing()
    {
        var source = new string('(', 10_000) + "true" + new string(')', 10_000);

        Assert.Contains("nests more than", Error(source), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_DeepNegations_AreRejectedWithoutCrashing()
    {
        Assert.Contains("nests more than", Error(new string('!', 50_000) + "true"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_LongOperatorChain_IsRejectedByHeight()
    {
        var source = string.Join(" && ", Enumerable.Repeat("true", 1000));

        Assert.Contains("nests more than 200 levels", Error(source), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TooManyTerms_AreRejected()
    {
        var source = string.Join(" || ", Enumerable.Range(0, 100).Select(i => "(" + string.Join(" && ", Enumerable.Repeat("true", 50)) + ")"));

        Assert.Contains("more than 4096 terms", Error(source), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_PathologicalRegex_RunsInLinearTime()
    {
        // (a+)+$ backtracks exponentially on "aaaa...!" in a backtracking engine; RE2 semantics run it in linear time.
        var expression = Compile("\"(a+)+$\".matches(request.path)");
        var bag = new TestBag().With("request.path", new string('a', 100_000) + "!");

        Assert.True(expression.TryEvalBool(bag, out var value));
        Assert.False(value);
    }

    [Fact]
    public void Compile_RegexRepetitionOverLimit_IsRejected()
    {
        Assert.Contains("invalid regex", Error("\"a{2000}\".matches(request.path)"), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_RandomHostileInput_NeverThrows()
    {
        var random = new Random(17);
        var alphabet = "ab.()[]\"'`\\|&!=<>+-,0123456789 \n\t#$%^*";
        for (var i = 0; i < 5_000; i++)
        {
            var chars = new char[random.Next(1, 60)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            _ = Cexl.Compile(new string(chars), out _);
        }
    }

    [Fact]
    public void TryEvalString_Duration_PrintsAsGo()
    {
        Assert.Equal("1.5s", Format("\"1500ms\""));
        Assert.Equal("1m30s", Format("\"90s\""));
        Assert.Equal("250ms", Format("\"250ms\""));
        Assert.Equal("0s", Format("\"0\""));

        static string Format(string source)
        {
            Assert.True(Cexl.Compile(source, out _)!.TryEvalString(new TestBag(), out var value));
            return value;
        }
    }
}
