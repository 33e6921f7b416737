using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Core.Mixer.Resolution;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Policy;

public class MixerConfigTests
{
    public static TheoryData<string> PolicyFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs", "policy"), "mixer-*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static IReadOnlyList<ConfigResource> Parse(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml);
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        return parsed.Resources;
    }

    private static List<string> Errors(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml);
        var errors = parsed.Errors.Select(e => e.ToString()).ToList();
        errors.AddRange(ConfigValidator.ValidateAll(parsed.Resources).Select(e => e.ToString()));
        return errors;
    }

    private static List<string> ReferenceErrors(string yaml)
    {
        var errors = new List<ConfigError>();
        MixerResolver.Resolve(Parse(yaml), errors);
        return [.. errors.Select(e => e.ToString())];
    }

    [Fact]
    public void PolicyFolder_HoldsIstiosPolicyTasks()
    {
        Assert.True(PolicyFiles().Count >= 9);
    }

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void PolicyFile_ParsesValidatesAndResolves_WithNoErrors(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", fileName));
        var parsed = ConfigParser.Parse(text, fileName);
        var errors = new List<ConfigError>();

        var config = MixerResolver.Resolve(parsed.Resources, errors);

        Assert.Empty(parsed.Errors.Select(e => e.ToString()));
        Assert.Empty(ConfigValidator.ValidateAll(parsed.Resources).Select(e => e.ToString()));
        Assert.Empty(errors.Select(e => e.ToString()));
        Assert.NotEmpty(config.Rules);
    }

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void PolicyFile_StoredJson_RoundTripsToEqualResources(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", fileName));

        foreach (var resource in ConfigParser.Parse(text).Resources)
        {
            var json = MeshJson.SerializeResource(resource);
            Assert.Equal(resource, MeshJson.DeserializeResource(json));
        }
    }

    [Fact]
    public void Resolve_GenericAndPerKindForms_GiveTheSameRule()
    {
        var generic = MixerResolver.Resolve(Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", "mixer-rule-deny-label.yaml")))).Rules.Single();
        var perKind = MixerResolver.Resolve(Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "policy", "mixer-rule-deny-label-crd.yaml")))).Rules.Single();

        Assert.Equal(generic.Definition.Match, perKind.Definition.Match);
        var (g, p) = (generic.Actions.Single(), perKind.Actions.Single());
        Assert.Equal(MixerAdapter.Denier, g.Handler.Adapter);
        Assert.Equal(g.Handler.Params, p.Handler.Params);
        Assert.Equal("denyreviewsv3handler.default", g.Handler.MessageName);
        Assert.Equal("denyreviewsv3handler.denier.default", p.Handler.MessageName);
        Assert.Equal(MixerTemplate.CheckNothing, g.Instances.Single().Template);
        Assert.Equal("denyreviewsv3request.checknothing.default", p.Instances.Single().FullName);
    }

    [Theory]
    [InlineData("h", "h.handler.default")]
    [InlineData("h.denier", "h.denier.default")]
    [InlineData("h.other", "h.handler.other")]
    [InlineData("h.denier.other", "h.denier.other")]
    public void Resolve_HandlerReference_FollowsMixersNameRules(string reference, string expected)
    {
        var yaml = """
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: h}
            spec: {compiledAdapter: denier, params: {status: {code: 7}}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: h, namespace: other}
            spec: {compiledAdapter: denier, params: {status: {code: 7}}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: denier
            metadata: {name: h}
            spec: {status: {code: 7}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: denier
            metadata: {name: h, namespace: other}
            spec: {status: {code: 7}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: checknothing
            metadata: {name: i}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec:
              actions: [{handler: REF, instances: [i.checknothing]}]
            """.Replace("REF", reference, StringComparison.Ordinal);

        var rule = MixerResolver.Resolve(Parse(yaml)).Rules.Single();

        Assert.Equal(expected, rule.Actions.Single().Handler.FullName);
    }

    [Fact]
    public void Resolve_MissingHandlerAndInstance_AreErrorsAtTheirPaths()
    {
        var errors = ReferenceErrors("""
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r, namespace: ns}
            spec:
              actions:
              - handler: nohandler
                instances: [noinstance]
            """);

        Assert.Equal(["rule ns/r: spec.actions[0].handler: handler \"nohandler\" not found (looked for nohandler.handler.ns)"], errors);
    }

    [Fact]
    public void Resolve_InstanceOfAnotherTemplate_IsAnAdapterTemplateMismatch()
    {
        var errors = ReferenceErrors("""
            apiVersion: config.istio.io/v1alpha2
            kind: listchecker
            metadata: {name: list}
            spec: {overrides: [a]}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: checknothing
            metadata: {name: nothing}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: instance
            metadata: {name: missing2}
            spec: {compiledTemplate: listentry, params: {value: source.name}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec:
              actions:
              - handler: list.listchecker
                instances: [nothing.checknothing, gone, missing2, missing2.instance.default]
            """);

        Assert.Equal(
            [
                "rule default/r: spec.actions[0].instances[0]: instance nothing.checknothing.default is of template 'checknothing', which handler list.listchecker.default (listchecker) does not support; it supports listentry",
                "rule default/r: spec.actions[0].instances[1]: instance \"gone\" not found (looked for gone.instance.default)",
                "rule default/r: spec.actions[0].instances[3]: the action names instance missing2.instance.default more than once",
            ],
            errors);
    }

    [Fact]
    public void Resolve_QuotaWithoutLimitAndMetricWithoutDefinition_AreErrors()
    {
        var errors = ReferenceErrors("""
            apiVersion: config.istio.io/v1alpha2
            kind: memquota
            metadata: {name: mq}
            spec: {quotas: [{name: other.instance.default, maxAmount: 1, validDuration: 1s}]}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: quota
            metadata: {name: q}
            spec: {dimensions: {d: source.name | "x"}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: prometheus
            metadata: {name: prom}
            spec: {metrics: [{name: m, instance_name: m.metric.default, kind: COUNTER, label_names: [a, b]}]}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: metric
            metadata: {name: m}
            spec: {value: "1", dimensions: {a: '"x"'}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec:
              actions:
              - {handler: mq.memquota, instances: [q.quota]}
              - {handler: prom.prometheus, instances: [m.metric]}
            """);

        Assert.Equal(
            [
                "rule default/r: spec.actions[0].instances[0]: handler mq.memquota.default has no quota named q.quota.default; add it to its quotas",
                "rule default/r: spec.actions[1].instances[0]: metric istio_m of handler prom.prometheus.default has label(s) b that instance m.metric.default has no dimension for",
            ],
            errors);
    }

    [Fact]
    public void Validate_EveryErrorOfAPolicy_IsReportedAtOnceWithItsPath()
    {
        var errors = Errors("""
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: h}
            spec:
              compiledAdapter: denier
              params:
                status: {cod: 7, message: 5}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: h2}
            spec: {compiledAdapter: frobnicator}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: instance
            metadata: {name: i}
            spec:
              compiledTemplate: quota
              params:
                dimensions:
                  a: source.labels["app"] ==
                  b: no.such.attr
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: rule
            metadata: {name: r}
            spec:
              match: request.path
              actions: [{handler: h, instances: []}]
            """);

        Assert.Equal(
            [
                "handler default/h: spec.params.status.cod: unknown field \"cod\" (did you mean \"code\"?)",
                "handler default/h: spec.params.status.message: expected a string, got the number 5 (quote it to use it as a string: \"5\")",
                "handler default/h2: spec.compiledAdapter: unknown adapter \"frobnicator\": expected one of denier, listchecker, memquota, redisquota, prometheus, stdio",
                "instance default/i: spec.params.dimensions[a]: unable to parse expression 'source.labels[\"app\"] ==': position 24: unexpected end of expression",
                "instance default/i: spec.params.dimensions[b]: expression 'no.such.attr': unknown attribute no.such.attr",
                "rule default/r: spec.actions[0].instances: an action needs at least one instance",
                "rule default/r: spec.match: expression 'request.path' evaluated to type STRING, expected type BOOL",
            ],
            errors);
    }

    [Fact]
    public void Validate_AdapterParams_AreCheckedAsMixersAdaptersDid()
    {
        var errors = Errors("""
            apiVersion: config.istio.io/v1alpha2
            kind: denier
            metadata: {name: d}
            spec: {status: {code: 99}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: listchecker
            metadata: {name: l}
            spec: {providerUrl: "ftp://x", refreshInterval: 10ms, entryType: IP_ADDRESSES, overrides: [10.0.0.0/8, banana]}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: redisquota
            metadata: {name: r}
            spec:
              quotas:
              - {name: q, maxAmount: 0, validDuration: 1s, rateLimitAlgorithm: ROLLING_WINDOW}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: prometheus
            metadata: {name: p}
            spec:
              metrics:
              - {name: "bad-name", instanceName: x, kind: DISTRIBUTION, labelNames: [__x]}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: stdio
            metadata: {name: s}
            spec: {logStream: FILE}
            """);

        Assert.Equal(
            [
                "denier default/d: spec.status.code: 99 is not a gRPC status code (0 to 16)",
                "listchecker default/l: spec.overrides: entry 1 (\"banana\") is not an IP address or CIDR range",
                "listchecker default/l: spec.providerUrl: \"ftp://x\" is not an absolute http or https URL with a host",
                "listchecker default/l: spec.refreshInterval: refresh interval must be at least 1 second, it is 10ms",
                "redisquota default/r: spec.quotas[0].bucketDuration: bucketDuration must be > 0 for ROLLING_WINDOW",
                "redisquota default/r: spec.quotas[0].maxAmount: must be > 0, got 0",
                "prometheus default/p: spec.metrics[0].buckets: a DISTRIBUTION needs exactly one of linearBuckets, exponentialBuckets, explicitBuckets",
                "prometheus default/p: spec.metrics[0].labelNames[0]: \"__x\" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)",
                "prometheus default/p: spec.metrics[0].name: \"bad-name\" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)",
                "stdio default/s: spec.logStream: only STDOUT and STDERR are supported: a proxy writes its log lines to its own output",
            ],
            errors);
    }

    [Fact]
    public void Parse_ProtoJsonNames_AcceptSnakeCaseAndNumericEnums()
    {
        var handler = (StdioHandler)Parse("""
            apiVersion: config.istio.io/v1alpha2
            kind: stdio
            metadata: {name: s}
            spec: {severity_levels: {warning: 1, info: INFO}, output_as_json: true, outputLevel: 2}
            """).Single();

        Assert.Equal(StdioLevel.Warning, handler.Spec.SeverityLevels["warning"]);
        Assert.Equal(StdioLevel.Info, handler.Spec.SeverityLevels["info"]);
        Assert.True(handler.Spec.OutputAsJson);
        Assert.Equal(StdioLevel.Error, handler.Spec.OutputLevel);
    }

    [Fact]
    public void Parse_SameFieldUnderBothNames_IsAnError()
    {
        var parsed = ConfigParser.Parse("""
            apiVersion: config.istio.io/v1alpha2
            kind: stdio
            metadata: {name: s}
            spec: {outputAsJson: true, output_as_json: false}
            """);

        Assert.Equal(["stdio default/s: spec.output_as_json: \"output_as_json\" and \"outputAsJson\" are the same field; give it once"], parsed.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_GenericParams_KeepTheirShapeThroughJson()
    {
        var handler = (MixerHandler)Parse("""
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: h}
            spec:
              compiledAdapter: memquota
              params:
                quotas:
                - {name: q, maxAmount: 0x10, validDuration: 1s, overrides: [{dimensions: {destination: "500"}, maxAmount: 2}]}
            """).Single();

        var json = MeshJson.SerializeResource(handler);
        var back = (MixerHandler)MeshJson.DeserializeResource(json);
        var definition = MixerDefinitions.ReadHandler(back, new List<ConfigError>())!;

        Assert.Equal(handler, back);
        Assert.Contains("\"maxAmount\":16", json, StringComparison.Ordinal);
        Assert.Contains("\"destination\":\"500\"", json, StringComparison.Ordinal);
        var limit = ((MemQuotaParams)definition.Params).Quotas.Single();
        Assert.Equal(16, limit.MaxAmount);
        Assert.Equal("500", limit.Overrides.Single().Dimensions["destination"]);
    }

    [Fact]
    public void Validate_UnsupportedForms_SayWhatToDoInstead()
    {
        var errors = Errors("""
            apiVersion: config.istio.io/v1alpha2
            kind: handler
            metadata: {name: oop}
            spec: {adapter: myadapter, connection: {address: "x:1"}}
            ---
            apiVersion: config.istio.io/v1alpha2
            kind: instance
            metadata: {name: dotted.name}
            spec: {compiledTemplate: checknothing}
            """);

        Assert.Contains(errors, e => e.Contains("spec.adapter: out-of-process adapters are not supported", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("metadata.name: \"dotted.name\" contains '.'", StringComparison.Ordinal));
    }
}
