using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Policy.Checks;
using GatewayMesh.Proxy.Policy.Compilation;
using GatewayMesh.Proxy.Policy.Telemetry;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Policy;

public class PolicyCompilerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    private static string Config(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", file));

    private static MeshSnapshot Snapshot(params string[] yamls)
    {
        var resources = yamls.SelectMany(y =>
        {
            var parsed = ConfigParser.Parse(y);
            Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
            return parsed.Resources;
        });
        return new MeshSnapshot(7, resources.Select(r => KeyValuePair.Create(r.Key, r)).ToValueMap(), default);
    }

    private static ProxyIdentity Sidecar(string app, string version = "v1", string ns = "default") =>
        ProxyIdentity.Sidecar(app, ns, new ValueMap<string, string>([new("app", app), new("version", version)]));

    private static readonly ProxyIdentity Ingress = ProxyIdentity.Ingress(new ValueMap<string, string>([new("istio", "ingressgateway")]));

    private CompiledPolicy Compile(MeshSnapshot snapshot, ProxyIdentity proxy) => PolicyCompiler.Compile(snapshot, proxy, PolicyOptions.Default, _time);

    private static TestBag From(string app, string version) =>
        new TestBag().With("source.labels", TestBag.Map(("app", app), ("version", version)));

    [Fact]
    public void Compile_NoPolicy_IsEmpty()
    {
        Assert.Same(CompiledPolicy.Empty, Compile(MeshSnapshot.Empty, Sidecar("ratings")));
    }

    [Fact]
    public void Compile_DenyRule_AppliesAtRatingsAndFoldsAwayEverywhereElse()
    {
        var snapshot = Snapshot(Config("mixer-rule-deny-label.yaml"));

        var ratings = Compile(snapshot, Sidecar("ratings"));
        var productpage = Compile(snapshot, Sidecar("productpage"));
        var ingress = Compile(snapshot, Ingress);

        Assert.Single(ratings.Checks.Rules);
        Assert.True(productpage.Checks.IsEmpty);
        Assert.True(ingress.Checks.IsEmpty); // source.labels are never known at the ingress
        Assert.False(productpage.HasRequestWork);
    }

    [Theory]
    [InlineData("mixer-rule-deny-label.yaml", "PERMISSION_DENIED:denyreviewsv3handler.default:Not allowed")]
    [InlineData("mixer-rule-deny-label-crd.yaml", "PERMISSION_DENIED:denyreviewsv3handler.denier.default:Not allowed")]
    [InlineData("mixer-rule-deny-whitelist.yaml", "PERMISSION_DENIED:whitelist.default:v3 is not whitelisted")]
    [InlineData("mixer-rule-deny-whitelist-crd.yaml", "PERMISSION_DENIED:whitelist.listchecker.default:v3 is not whitelisted")]
    public void Check_ReviewsV3CallingRatings_IsDeniedWithMixersBody(string file, string body)
    {
        var checks = Compile(Snapshot(Config(file)), Sidecar("ratings")).Checks;

        var v3 = checks.Check(From("reviews", "v3"), "default", out _);
        var v2 = checks.Check(From("reviews", "v2"), "default", out _);

        Assert.NotNull(v3);
        Assert.Equal(body, v3.Body);
        Assert.Equal(403, v3.HttpStatus);
        Assert.Null(v2);
    }

    [Fact]
    public void Check_IdenticalAttributes_AreAnsweredFromTheCache()
    {
        var checks = Compile(Snapshot(Config("mixer-rule-deny-label.yaml")), Sidecar("ratings")).Checks;

        checks.Check(From("reviews", "v3"), "default", out var first);
        var denied = checks.Check(From("reviews", "v3"), "default", out var second);
        checks.Check(From("reviews", "v1"), "default", out var other);

        Assert.False(first);
        Assert.True(second);
        Assert.NotNull(denied);
        Assert.False(other);
    }

    [Fact]
    public void Check_CachedAnswer_ExpiresAfterTheDeniersValidDuration()
    {
        var checks = Compile(Snapshot(Config("mixer-rule-deny-label.yaml")), Sidecar("ratings")).Checks;

        checks.Check(From("reviews", "v3"), "default", out _);
        _time.Advance(TimeSpan.FromSeconds(5));
        checks.Check(From("reviews", "v3"), "default", out var afterExpiry);

        Assert.False(afterExpiry);
    }

    [Fact]
    public void Check_CachedAnswer_UsedAtMostTheDeniersValidUseCount()
    {
        var checks = Compile(Snapshot("""
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: twice}
            spec: {compiledAdapter: denier, params: {status: {code: 7, message: no}, validDuration: 1h, validUseCount: 2}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: instance
            metadata: {name: nothing}
            spec: {compiledTemplate: checknothing}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec:
              match: source.labels["version"] == "v3"
              actions: [{handler: twice, instances: [nothing]}]
            """), Sidecar("ratings")).Checks;

        // Mixer's validUseCount counts the answer's uses: the evaluation itself and one cached reuse, then evaluate again.
        var cachedFlags = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            Assert.NotNull(checks.Check(From("reviews", "v3"), "default", out var cached));
            cachedFlags.Add(cached);
        }

        Assert.Equal([false, true, false, true, false], cachedFlags);
    }

    [Fact]
    public void CheckCache_Full_StartsOverInsteadOfGrowing()
    {
        var cache = new CheckCache(_time, capacity: 2);
        var validity = new CacheValidity(TimeSpan.FromMinutes(1), 10);

        cache.Add(1, null, validity);
        cache.Add(2, null, validity);
        cache.Add(3, null, validity);

        Assert.Equal(1, cache.Count);
        Assert.False(cache.TryGet(1, out _));
        Assert.True(cache.TryGet(3, out _));
    }

    [Fact]
    public void CheckCache_NoValidity_NothingKept()
    {
        var cache = new CheckCache(_time);

        cache.Add(1, null, new CacheValidity(TimeSpan.Zero, 10));
        cache.Add(2, null, new CacheValidity(TimeSpan.FromMinutes(1), 0));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Check_ListWithProviderUrlNotFetchedYet_FailsClosedWith503()
    {
        var checks = Compile(Snapshot("""
            apiVersion: config.istio.io/v1alpha2
            kind: listchecker
            metadata: {name: remote}
            spec: {providerUrl: "http://lists.example/versions"}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: listentry
            metadata: {name: version}
            spec:
              value: source.labels["version"]
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec: {actions: [{handler: remote.listchecker, instances: [version.listentry]}]}
            """), Sidecar("ratings")).Checks;

        var denial = checks.Check(From("reviews", "v1"), "default", out _);

        Assert.NotNull(denial);
        Assert.Equal(503, denial.HttpStatus);
        Assert.StartsWith("UNAVAILABLE:remote.listchecker.default:", denial.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FetchedList_IsMergedWithTheOverrides()
    {
        var checks = Compile(Snapshot("""
            apiVersion: config.istio.io/v1alpha2
            kind: listchecker
            metadata: {name: remote}
            spec: {providerUrl: "http://lists.example/versions", overrides: [v1]}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: listentry
            metadata: {name: version}
            spec:
              value: source.labels["version"]
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec: {actions: [{handler: remote.listchecker, instances: [version.listentry]}]}
            ---
            apiVersion: policy.gatewaymesh.io/v1alpha1
            kind: FetchedList
            metadata: {name: remote.listchecker}
            spec: {providerUrl: "http://lists.example/versions", entries: [v2], available: true}
            """), Sidecar("ratings")).Checks;

        Assert.Null(checks.Check(From("reviews", "v1"), "default", out _));
        Assert.Null(checks.Check(From("reviews", "v2"), "default", out _));
        Assert.Equal("PERMISSION_DENIED:remote.listchecker.default:v3 is not whitelisted", checks.Check(From("reviews", "v3"), "default", out _)?.Body);
    }

    [Fact]
    public void Compile_QuotaBoundToProductpage_ChargesThereAndAtTheIngressOnly()
    {
        var snapshot = Snapshot(Config("mixer-rule-productpage-ratelimit.yaml"));

        Assert.False(Compile(snapshot, Sidecar("productpage")).Quotas.IsEmpty);
        Assert.True(Compile(snapshot, Sidecar("details")).Quotas.IsEmpty);
        Assert.False(Compile(snapshot, Ingress).Quotas.IsEmpty);
    }

    [Fact]
    public void Compile_DoubleRequestCount_BecomesIstioDoubleRequestCountWithItsLabels()
    {
        var reports = Compile(Snapshot(Config("mixer-rule-double-request-count.yaml")), Sidecar("ratings")).Reports;

        var metric = Assert.IsType<MetricReport>(Assert.Single(Assert.Single(reports.Rules).Actions));
        Assert.Equal("istio_double_request_count", metric.Metric.Name);
        Assert.Equal(["reporter", "source", "destination", "message"], metric.Metric.LabelNames);
        Assert.True(metric.Labels[0].IsConstant); // context.reporter.kind is fixed: "server" on an inbound sidecar
        Assert.True(metric.Labels[0].TryEvalString(new TestBag(), out var reporter));
        Assert.Equal("server", reporter);
        Assert.True(metric.Labels[2].TryEvalString(new TestBag(), out var destination));
        Assert.Equal("ratings-v1", destination);
    }

    [Fact]
    public void Compile_NewLog_BecomesAWarningLogReport()
    {
        var reports = Compile(Snapshot(Config("mixer-rule-newlog.yaml")), Ingress).Reports;

        var log = Assert.IsType<LogReport>(Assert.Single(Assert.Single(reports.Rules).Actions));
        Assert.Equal("newlog.instance.istio-system", log.Instance);
        Assert.True(log.Severity!.TryEvalString(new TestBag(), out var severity));
        Assert.Equal(Core.Config.Model.Mixer.StdioLevel.Warning, log.Sink.LevelOf(severity));
        Assert.True(log.Sink.Json);
    }

    [Fact]
    public void Compile_RuleInAnotherNamespace_DoesNotReachASidecar()
    {
        var yaml = Config("mixer-rule-deny-label.yaml").Replace("metadata:\n  name:", "metadata:\n  namespace: other\n  name:", StringComparison.Ordinal);

        Assert.True(Compile(Snapshot(yaml), Sidecar("ratings")).Checks.IsEmpty);
        Assert.Single(Compile(Snapshot(yaml), Sidecar("ratings", ns: "other")).Checks.Rules);
    }

    [Fact]
    public void Compile_RateLimitSelectingTheWorkload_IsCompiledForItOnly()
    {
        var snapshot = Snapshot("""
            apiVersion: policy.gatewaymesh.io/v1alpha1
            kind: RateLimit
            metadata: {name: pp}
            spec:
              selector: {matchLabels: {app: productpage}}
              local: {tokenBucket: {maxTokens: 2, fillInterval: 1s}}
            """);

        Assert.Single(Compile(snapshot, Sidecar("productpage")).RateLimits.Entries);
        Assert.True(Compile(snapshot, Sidecar("details")).RateLimits.IsEmpty);
    }
}
