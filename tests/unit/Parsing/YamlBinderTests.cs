using GatewayMesh.Core.Config.Parsing.Binding;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

public class YamlBinderTests
{
    private static TestRoot BindOk(string yaml)
    {
        var result = YamlBinder.Bind<TestRoot>(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    private static string[] Errors<T>(string yaml) =>
        [.. YamlBinder.Bind<T>(yaml).Errors.Select(e => e.ToString())];

    private static string SingleError(string yaml) => Assert.Single(Errors<TestRoot>(yaml));

    [Fact]
    public void Bind_NestedRecordsListsMapsEnumsAndDurations_BindsEveryField()
    {
        var root = BindOk("""
            name: reviews
            count: 3
            big: 9000000000
            enabled: true
            ratio: 0.25
            mode: ROUND_ROBIN
            timeout: 1.5s
            tags: [a, "b"]
            routes:
            - destination: {host: reviews, ports: [80, 8080]}
              weight: 90
            - destination:
                host: ratings
            labels:
              app: reviews
              version: "v1"
            ports:
              8080: {mode: LEAST_REQUEST}
              "9090": {mode: custom-name}
            child: {value: a, next: {value: b, next: {value: c}}}
            x-custom: yes
            """);

        Assert.Equal("reviews", root.Name);
        Assert.Equal(3, root.Count);
        Assert.Equal(9_000_000_000L, root.Big);
        Assert.True(root.Enabled);
        Assert.Equal(0.25, root.Ratio);
        Assert.Equal(TestMode.RoundRobin, root.Mode);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), root.Timeout!.Value.Value);
        Assert.Equal(["a", "b"], root.Tags);
        Assert.Equal(2, root.Routes.Count);
        Assert.Equal(new TestDestination { Host = "reviews", Ports = [80, 8080] }, root.Routes[0].Destination);
        Assert.Equal(90, root.Routes[0].Weight);
        Assert.Null(root.Routes[1].Weight);
        Assert.Equal("v1", root.Labels["version"]);
        Assert.Equal(TestMode.LeastRequest, root.Ports[8080].Mode);
        Assert.Equal(TestMode.Custom, root.Ports[9090].Mode);
        Assert.Equal("c", root.Child!.Next!.Next!.Value);
        Assert.Equal("yes", root.Custom);
    }

    [Fact]
    public void Bind_SameInputTwice_GivesEqualRecords()
    {
        const string Yaml = "name: a\nroutes: [{weight: 1}]\nlabels: {b: c}\nports: {80: {mode: UNSET}}";
        Assert.Equal(BindOk(Yaml), BindOk(Yaml));
    }

    [Fact]
    public void Bind_UnknownFieldCloseToKnownOne_ReportsPathAndHint()
    {
        Assert.Equal(
            "routes[0].destination.hots: unknown field \"hots\" (did you mean \"host\"?)",
            SingleError("routes:\n- destination:\n    hots: reviews"));
    }

    [Fact]
    public void Bind_UnknownFieldFarFromAnyKnownOne_HasNoHint()
    {
        Assert.Equal("routes[0].zzzzzz: unknown field \"zzzzzz\"", SingleError("routes:\n- zzzzzz: 1"));
    }

    [Fact]
    public void Bind_JsonIgnoredProperty_IsNotAField()
    {
        Assert.Equal("computed: unknown field \"computed\"", SingleError("computed: x"));
    }

    [Fact]
    public void Bind_PropertyRenamedByAttribute_OnlyAcceptsTheAttributeName()
    {
        Assert.Equal("custom: unknown field \"custom\" (did you mean \"x-custom\"?)", SingleError("custom: x"));
    }

    [Theory]
    [InlineData("tags: {a: b}", "tags: expected a list, got a mapping")]
    [InlineData("labels: [a]", "labels: expected a mapping, got a list")]
    [InlineData("child: text", "child: expected a mapping, got the string \"text\"")]
    [InlineData("name: [a]", "name: expected a string, got a list")]
    [InlineData("routes: [[1]]", "routes[0]: expected a mapping, got a list")]
    public void Bind_WrongNodeKind_ReportsExpectedAndActual(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml));
    }

    [Theory]
    [InlineData("count: \"90\"", "count: expected an integer, got the string \"90\" (remove the quotes)")]
    [InlineData("count: '90'", "count: expected an integer, got the string \"90\" (remove the quotes)")]
    [InlineData("count: 1.5", "count: expected an integer, got the number 1.5")]
    [InlineData("count: ninety", "count: expected an integer, got the string \"ninety\"")]
    [InlineData("count: true", "count: expected an integer, got the boolean true")]
    [InlineData("ratio: \"0.5\"", "ratio: expected a number, got the string \"0.5\" (remove the quotes)")]
    [InlineData("enabled: \"true\"", "enabled: expected a boolean (true or false), got the string \"true\" (remove the quotes)")]
    [InlineData("enabled: yes", "enabled: expected a boolean (true or false), got the string \"yes\"")]
    [InlineData("enabled: 1", "enabled: expected a boolean (true or false), got the number 1")]
    public void Bind_ScalarOfWrongType_ReportsTypeError(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml));
    }

    [Theory]
    [InlineData("name: 123", "name: expected a string, got the number 123 (quote it to use it as a string: \"123\")")]
    [InlineData("name: true", "name: expected a string, got the boolean true (quote it to use it as a string: \"true\")")]
    [InlineData("name: 1e3", "name: expected a string, got the number 1e3 (quote it to use it as a string: \"1e3\")")]
    [InlineData("name: 0x1F", "name: expected a string, got the number 0x1F (quote it to use it as a string: \"0x1F\")")]
    public void Bind_PlainNonStringScalarForStringField_AsksToQuoteIt(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml));
    }

    [Theory]
    [InlineData("name: \"123\"", "123")]
    [InlineData("name: '0x1F'", "0x1F")]
    [InlineData("name: !!str 123", "123")]
    [InlineData("name: ! true", "true")]
    [InlineData("name: 1.2.3", "1.2.3")]
    [InlineData("name: yes", "yes")]
    [InlineData("name: \"\"", "")]
    [InlineData("name: |\n  multi\n  line", "multi\nline")]
    public void Bind_StringScalars_KeepTheirText(string yaml, string expected)
    {
        Assert.Equal(expected, BindOk(yaml).Name);
    }

    [Theory]
    [InlineData("count: 3000000000", "count: value 3000000000 is out of range for a 32-bit integer (-2147483648 to 2147483647)")]
    [InlineData("count: -2147483649", "count: value -2147483649 is out of range for a 32-bit integer (-2147483648 to 2147483647)")]
    [InlineData("big: 99999999999999999999999999999999999999999999", "big: value 99999999999999999999999999999999999999999999 is out of range for a 64-bit integer (-9223372036854775808 to 9223372036854775807)")]
    [InlineData("ratio: 1e400", "ratio: value 1e400 is out of range for a double-precision number")]
    public void Bind_NumberOutOfRange_ReportsTheRange(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml));
    }

    [Theory]
    [InlineData("count: 2147483647", 2147483647)]
    [InlineData("count: -5", -5)]
    [InlineData("count: +5", 5)]
    [InlineData("count: 0x10", 16)]
    [InlineData("count: 0o17", 15)]
    public void Bind_IntegerForms_Parse(string yaml, int expected)
    {
        Assert.Equal(expected, BindOk(yaml).Count);
    }

    [Fact]
    public void Bind_BadEnumValue_ListsAcceptedValuesAndHint()
    {
        Assert.Equal(
            "mode: invalid value \"ROUNDROBIN\": expected one of UNSET, ROUND_ROBIN, LEAST_REQUEST, custom-name (did you mean \"ROUND_ROBIN\"?)",
            SingleError("mode: ROUNDROBIN"));
        Assert.Equal(
            "mode: invalid value \"FASTEST\": expected one of UNSET, ROUND_ROBIN, LEAST_REQUEST, custom-name",
            SingleError("mode: FASTEST"));
    }

    [Theory]
    [InlineData("timeout: 5", "timeout: invalid duration \"5\": missing unit (use ms, s, m or h)")]
    [InlineData("timeout: 5x", "timeout: invalid duration \"5x\": unknown unit \"x\" (use ns, us, ms, s, m or h)")]
    [InlineData("timeout: \"\"", "timeout: duration is empty")]
    [InlineData("timeout: {s: 1}", "timeout: expected a duration (e.g. 1.5s, 100ms, 2m), got a mapping")]
    public void Bind_BadDuration_ReportsTheDurationError(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml));
    }

    [Fact]
    public void Bind_IntKeyedMapWithBadKey_ReportsTheKey()
    {
        Assert.Equal("ports[http]: invalid key \"http\": expected an integer", SingleError("ports:\n  http: {mode: UNSET}"));
    }

    [Fact]
    public void Bind_IntKeysThatCollide_ReportsDuplicate()
    {
        Assert.Equal(
            "ports[080]: duplicate key \"080\" at line 3: another key has the same value 80",
            SingleError("ports:\n  80: {}\n  080: {}"));
    }

    [Fact]
    public void Bind_ErrorInsideMapValue_NamesTheKeyInBrackets()
    {
        Assert.Equal(
            "labels[app]: expected a string, got the number 1 (quote it to use it as a string: \"1\")",
            SingleError("labels: {app: 1}"));
        Assert.Equal(
            "ports[8080].mode: invalid value \"strict\": expected one of UNSET, ROUND_ROBIN, LEAST_REQUEST, custom-name",
            SingleError("ports: {8080: {mode: strict}}"));
    }

    [Fact]
    public void Bind_NullForOptionalFields_LeavesThemUnset()
    {
        var root = BindOk("name: ~\ncount: null\nenabled:\nmode: NULL\ntags: ~\nchild:\nlabels: null");
        Assert.Equal(new TestRoot(), root);
    }

    [Fact]
    public void Bind_NullForFieldWithDefault_KeepsTheDefault()
    {
        var result = YamlBinder.Bind<TestDefaults>("name: ~\ncount: ~");
        Assert.Equal(new TestDefaults(), result.Value);
    }

    [Fact]
    public void Bind_NullListItem_IsAnError()
    {
        Assert.Equal("tags[1]: expected a string, got null", SingleError("tags: [a, ~]"));
    }

    [Fact]
    public void Bind_ManyProblems_ReportsEveryOne()
    {
        var errors = Errors<TestRoot>("""
            nme: a
            count: "1"
            routes:
            - weight: x
              destination: {host: 5, ports: [80, "81"]}
            - rout: 1
            mode: BAD
            timeout: 3
            """);

        Assert.Equal(
            [
                "nme: unknown field \"nme\" (did you mean \"name\"?)",
                "count: expected an integer, got the string \"1\" (remove the quotes)",
                "routes[0].weight: expected an integer, got the string \"x\"",
                "routes[0].destination.host: expected a string, got the number 5 (quote it to use it as a string: \"5\")",
                "routes[0].destination.ports[1]: expected an integer, got the string \"81\" (remove the quotes)",
                "routes[1].rout: unknown field \"rout\"",
                "mode: invalid value \"BAD\": expected one of UNSET, ROUND_ROBIN, LEAST_REQUEST, custom-name",
                "timeout: invalid duration \"3\": missing unit (use ms, s, m or h)",
            ],
            errors);
    }

    [Fact]
    public void Bind_DuplicateKeys_ReportsEachWithItsPath()
    {
        var errors = Errors<TestRoot>("name: a\nlabels:\n  app: x\n  app: y\nname: b");
        Assert.Equal(
            [
                "name: duplicate key \"name\" at line 5 (first set at line 1)",
                "labels[app]: duplicate key \"app\" at line 4 (first set at line 3)",
            ],
            errors);
    }

    [Fact]
    public void Bind_AnchorsAliasesAndMergeKeys_Expand()
    {
        var root = BindOk("""
            labels: &common {app: reviews, tier: back}
            routes:
            - &r {weight: 10, destination: {host: a}}
            - *r
            ports:
              80: &p {mode: ROUND_ROBIN}
              81:
                <<: *p
            child:
              <<: {value: base, next: {value: n}}
              value: override
            """);

        Assert.Equal(root.Routes[0], root.Routes[1]);
        Assert.Equal(TestMode.RoundRobin, root.Ports[81].Mode);
        Assert.Equal("override", root.Child!.Value);
        Assert.Equal("n", root.Child.Next!.Value);
    }

    [Fact]
    public void Bind_TopLevelNotAMapping_ReportsAtRoot()
    {
        Assert.Equal("expected a mapping, got a list", SingleError("[1, 2]"));
    }
}
