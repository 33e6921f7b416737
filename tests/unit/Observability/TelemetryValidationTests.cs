using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class TelemetryValidationTests
{
    private static string[] Errors(string spec)
    {
        var parsed = ConfigParser.Parse($"apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: {{name: t, namespace: istio-system}}\nspec: {spec}\n");
        Assert.Empty(parsed.Errors);
        return [.. ConfigValidator.Validate(Assert.Single(parsed.Resources)).Select(e => e.ToString())];
    }

    [Fact]
    public void Validate_IstioDocsExamples_AreValid()
    {
        Assert.Empty(Errors("{accessLogging: [{providers: [{name: envoy}], filter: {expression: 'response.code >= 400'}}]}"));
        Assert.Empty(Errors("{accessLogging: [{filter: {expression: \"response.code >= 400 || xds.cluster_name == 'BlackHoleCluster' || xds.cluster_name == 'PassthroughCluster'\"}}]}"));
        Assert.Empty(Errors("{selector: {matchLabels: {app: details}}, accessLogging: [{providers: [{name: envoy}], disabled: true}]}"));
        Assert.Empty(Errors("{tracing: [{randomSamplingPercentage: 10.0, customTags: {my_tag: {literal: {value: x}}, env_tag: {environment: {name: POD, defaultValue: none}}, user: {header: {name: end-user}}}}]}"));
        Assert.Empty(Errors("{metrics: [{providers: [{name: prometheus}], overrides: [{match: {metric: REQUEST_COUNT, mode: CLIENT_AND_SERVER}, disabled: true}, {match: {metric: ALL_METRICS}, tagOverrides: {request_host: {value: 'request.host'}, destination_port: {value: 'string(destination.port)'}, request_protocol: {operation: REMOVE}}}]}]}"));
    }

    [Fact]
    public void Validate_MalformedTelemetry_ReportsEveryErrorWithItsFieldPath()
    {
        var errors = Errors(
            "{selector: {matchLabels: {app: x}}, targetRef: {kind: Service, name: x}," +
            " tracing: [{randomSamplingPercentage: 150, customTags: {a: {literal: {value: x}, header: {name: y}}, b: {header: {name: 'bad name'}}}}]," +
            " metrics: [{overrides: [{tagOverrides: {'bad-tag': {value: 'request.host'}, ok_tag: {value: 'request.nope'}, rm: {operation: REMOVE, value: x}}}]}]," +
            " accessLogging: [{filter: {expression: 'response.code >= '}}, {providers: [{}]}]}");

        Assert.Contains("Telemetry istio-system/t: spec: set selector or targetRef/targetRefs, not both", errors);
        Assert.Contains("Telemetry istio-system/t: spec.tracing[0].randomSamplingPercentage: percentage must be between 0 and 100, got 150", errors);
        Assert.Contains("Telemetry istio-system/t: spec.tracing[0].customTags[a]: set exactly one of literal, environment or header, got 2", errors);
        Assert.Contains(errors, e => e.StartsWith("Telemetry istio-system/t: spec.tracing[0].customTags[b].header.name: invalid header name \"bad name\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Telemetry istio-system/t: spec.metrics[0].overrides[0].tagOverrides[bad-tag]: invalid tag name \"bad-tag\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Telemetry istio-system/t: spec.metrics[0].overrides[0].tagOverrides[ok_tag].value: invalid expression: at 0: unknown attribute 'request.nope'", StringComparison.Ordinal));
        Assert.Contains("Telemetry istio-system/t: spec.metrics[0].overrides[0].tagOverrides[rm].value: REMOVE takes no value", errors);
        Assert.Contains(errors, e => e.StartsWith("Telemetry istio-system/t: spec.accessLogging[0].filter.expression: invalid expression: at 17: expected a value", StringComparison.Ordinal));
        Assert.Contains("Telemetry istio-system/t: spec.accessLogging[1].providers[0].name: provider name is required", errors);
        Assert.Equal(9, errors.Length);
    }

    [Fact]
    public void Parse_UnknownFieldAndBadEnum_NameTheFieldPath()
    {
        var parsed = ConfigParser.Parse("apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: {name: t}\nspec: {accessLoging: [], metrics: [{overrides: [{match: {metric: REQUEST_COUNTS}}]}]}\n");
        var errors = parsed.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains(errors, e => e.Contains("spec.accessLoging", StringComparison.Ordinal) && e.Contains("accessLogging", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.metrics[0].overrides[0].match.metric", StringComparison.Ordinal) && e.Contains("REQUEST_COUNT", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HugeExpression_IsRefusedWithoutEvaluatingIt()
    {
        var huge = string.Concat(Enumerable.Repeat("(", 5000));
        var errors = Errors($"{{accessLogging: [{{filter: {{expression: '{huge}'}}}}]}}");
        Assert.Contains(errors, e => e.Contains("spec.accessLogging[0].filter.expression: invalid expression: expression is 5000 characters long", StringComparison.Ordinal));
    }
}
