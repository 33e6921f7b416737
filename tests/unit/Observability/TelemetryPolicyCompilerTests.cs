using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class TelemetryPolicyCompilerTests
{
    private static readonly ValueMap<string, string> Reviews = new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" }.ToValueMap();
    private static readonly TelemetryDefaults Defaults = new();

    private static ConfigResource Telemetry(string name, string ns, string spec, long revision = 1)
    {
        var parsed = ConfigParser.Parse($"apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata: {{name: {name}, namespace: {ns}}}\nspec: {spec}\n");
        Assert.Empty(parsed.Errors);
        return Assert.Single(parsed.Resources).WithResourceVersion(revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static TelemetryPolicy Compile(params ConfigResource[] resources) =>
        TelemetryPolicyCompiler.Compile(resources, "default", Reviews, Defaults, _ => "from-env");

    [Fact]
    public void Compile_NoTelemetry_GivesMeshDefaults()
    {
        var policy = Compile();
        Assert.False(policy.Client.AccessLog);
        Assert.False(policy.Server.AccessLog);
        Assert.Equal(1.0, policy.Client.SamplingPercentage);
        Assert.Equal(StandardMetrics.All, policy.Server.Metrics);
    }

    [Fact]
    public void Compile_MeshNamespaceWorkload_MoreSpecificWins()
    {
        var mesh = Telemetry("mesh", "istio-system", "{accessLogging: [{providers: [{name: envoy}]}], tracing: [{randomSamplingPercentage: 5, customTags: {team: {literal: {value: mesh}}, zone: {literal: {value: a}}}}]}");
        var ns = Telemetry("ns", "default", "{tracing: [{randomSamplingPercentage: 20, customTags: {team: {literal: {value: books}}}}]}");
        var workload = Telemetry("reviews", "default", "{selector: {matchLabels: {app: reviews}}, accessLogging: [{disabled: true}]}");
        var other = Telemetry("other", "default", "{selector: {matchLabels: {app: ratings}}, accessLogging: [{filter: {expression: 'response.code >= 500'}}]}");
        var foreign = Telemetry("foreign", "prod", "{tracing: [{randomSamplingPercentage: 90}]}");

        var policy = Compile(mesh, ns, workload, other, foreign);

        Assert.False(policy.Client.AccessLog); // the workload's resource turns off what the mesh turned on
        Assert.Equal(20, policy.Client.SamplingPercentage); // namespace over mesh; the workload level does not set it
        Assert.Equal(["team=books", "zone=a"], policy.Client.CustomTags.Select(t => $"{t.Name}={t.Value}"));
        Assert.Equal(["istio-system/mesh", "default/ns", "default/reviews"], policy.Sources);

        var meshOnly = Compile(mesh);
        Assert.True(meshOnly.Server.AccessLog);
        Assert.Equal(5, meshOnly.Server.SamplingPercentage);
    }

    [Fact]
    public void Compile_TwoAtOneLevel_OldestWins()
    {
        var older = Telemetry("b-older", "default", "{tracing: [{randomSamplingPercentage: 10}]}", revision: 3);
        var newer = Telemetry("a-newer", "default", "{tracing: [{randomSamplingPercentage: 50}]}", revision: 9);
        Assert.Equal(10, Compile(newer, older).Server.SamplingPercentage);
    }

    [Fact]
    public void Compile_ModeAndFilter_ApplyPerSide()
    {
        var logging = Telemetry("log", "istio-system", "{accessLogging: [{match: {mode: SERVER}, filter: {expression: 'response.code >= 400'}}]}");
        var policy = Compile(logging);
        Assert.False(policy.Client.AccessLog);
        Assert.True(policy.Server.AccessLog);
        Assert.Equal("response.code >= 400", policy.Server.AccessLogFilter?.Text);
    }

    [Fact]
    public void Compile_MetricOverrides_DisableAndTagPerSide()
    {
        var metrics = Telemetry("m", "istio-system",
            "{metrics: [{providers: [{name: prometheus}], overrides: [" +
            "{match: {metric: REQUEST_SIZE}, disabled: true}," +
            "{match: {metric: RESPONSE_SIZE, mode: CLIENT}, disabled: true}," +
            "{match: {metric: REQUEST_COUNT}, tagOverrides: {request_host: {value: 'request.host'}, request_protocol: {operation: REMOVE}}}]}]}");
        var policy = Compile(metrics);

        Assert.Equal(StandardMetrics.All & ~StandardMetrics.RequestSize & ~StandardMetrics.ResponseSize, policy.Client.Metrics);
        Assert.Equal(StandardMetrics.All & ~StandardMetrics.RequestSize, policy.Server.Metrics);
        var tags = policy.Server.Tags!.For(StandardMetrics.RequestCount);
        Assert.Contains("request_protocol", tags.Removed);
        Assert.Equal("request_host", Assert.Single(tags.Upserts).Label);
        Assert.Empty(policy.Server.Tags.For(StandardMetrics.RequestDuration).Upserts);
    }

    [Fact]
    public void Compile_EnvironmentTag_IsReadWhenCompiled()
    {
        var tracing = Telemetry("t", "istio-system", "{tracing: [{customTags: {pod: {environment: {name: POD_NAME}}, user: {header: {name: End-User, defaultValue: anonymous}}}}]}");
        var tags = Compile(tracing).Client.CustomTags;
        Assert.Equal(new CustomTagSpec("pod", CustomTagSource.Environment, "from-env", null), tags[0]);
        Assert.Equal(new CustomTagSpec("user", CustomTagSource.Header, "end-user", "anonymous"), tags[1]);
    }
}
