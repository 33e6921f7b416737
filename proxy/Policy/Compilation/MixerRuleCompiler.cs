using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Core.Mixer.Expressions;
using GatewayMesh.Core.Mixer.Lists;
using GatewayMesh.Core.Mixer.Resolution;
using GatewayMesh.Proxy.Policy.Checks;
using GatewayMesh.Proxy.Policy.Quotas;
using GatewayMesh.Proxy.Policy.Telemetry;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// Turns resolved Mixer rules into what one proxy runs: check rules (denier, listchecker), quota actions
/// (memquota, redisquota) and report rules (prometheus, stdio). A rule outside the proxy's scope (another namespace,
/// on a sidecar), or whose match folds to false for it, costs nothing at run time.
/// </summary>
internal sealed class MixerRuleCompiler(ProxyIdentity proxy, PolicyOptions options, IReadOnlyDictionary<ResourceKey, FetchedList> lists, TimeProvider time)
{
    private static readonly CacheValidity DenierDefault = new(TimeSpan.FromSeconds(5), 1_000);

    private readonly FixedAttributes _checkFixed = ProxyAttributes.ForChecks(proxy);
    private FixedAttributes _reportFixed = ProxyAttributes.ForReports(proxy);
    private readonly List<string> _problems = [];

    public sealed record Result(
        CompiledChecks Checks,
        IReadOnlyDictionary<string, IReadOnlyList<QuotaAction>> QuotaActions,
        CompiledReports Reports,
        CompiledReports OutboundReports,
        IReadOnlyList<RuleHeaderOperations> RuleHeaderOperations,
        IReadOnlyList<string> Problems);

    public Result Compile(MixerConfig config)
    {
        var checks = new List<CheckRule>();
        var quotas = new Dictionary<string, List<QuotaAction>>(StringComparer.Ordinal);
        var headers = new List<RuleHeaderOperations>();
        foreach (var rule in config.Rules.OrderBy(r => r.Definition.FullName, StringComparer.Ordinal))
        {
            if (!InScope(rule.Namespace, out var scope))
            {
                continue;
            }

            var name = rule.Definition.FullName;
            if (Match(rule.Definition.Match, _checkFixed, name, out var checkMatch))
            {
                var checkRule = new CheckRule(name, scope, checkMatch, [.. rule.Actions.SelectMany(a => CheckActions(a, name))]);
                if (checkRule.Actions.Count > 0)
                {
                    checks.Add(checkRule);
                }

                foreach (var action in rule.Actions.SelectMany(a => QuotaActions(a, scope, checkMatch, name)))
                {
                    (quotas.TryGetValue(action.QuotaName, out var list) ? list : quotas[action.QuotaName] = []).Add(action);
                }

                if (rule.RequestHeaderOperations.Length + rule.ResponseHeaderOperations.Length > 0)
                {
                    headers.Add(new RuleHeaderOperations(checkRule, Edits(rule.RequestHeaderOperations, name), Edits(rule.ResponseHeaderOperations, name)));
                }
            }

        }

        var cache = checks.Count > 0 ? new CheckCache(time, options.CheckCacheSize) : null;
        var reports = Reports(config, ProxyAttributes.ForReports(proxy), fixedDestination: proxy.Role == ProxyRole.Sidecar);
        var outbound = proxy.Role == ProxyRole.Sidecar ? Reports(config, ProxyAttributes.ForReports(proxy, outbound: true), fixedDestination: false) : CompiledReports.Empty;
        return new Result(
            checks.Count > 0 ? new CompiledChecks(checks, cache) : CompiledChecks.Empty,
            quotas.ToDictionary(q => q.Key, q => (IReadOnlyList<QuotaAction>)q.Value, StringComparer.Ordinal),
            reports,
            outbound,
            headers,
            _problems);
    }

    /// <summary>Report rules for one side of the proxy; where the destination is not fixed, a rule's namespace is checked per call.</summary>
    private CompiledReports Reports(MixerConfig config, FixedAttributes fixedAttributes, bool fixedDestination)
    {
        _reportFixed = fixedAttributes;
        var rules = new List<ReportRule>();
        var metrics = new List<MetricDefinition>();
        foreach (var rule in config.Rules.OrderBy(r => r.Definition.FullName, StringComparer.Ordinal))
        {
            string? scope = null;
            if (rule.Namespace != options.RootNamespace)
            {
                if (fixedDestination && rule.Namespace != proxy.Namespace)
                {
                    continue;
                }

                scope = fixedDestination ? null : rule.Namespace;
            }

            var name = rule.Definition.FullName;
            if (Match(rule.Definition.Match, fixedAttributes, name, out var reportMatch))
            {
                var actions = rule.Actions.SelectMany(a => ReportActions(a, name)).ToList();
                if (actions.Count > 0)
                {
                    rules.Add(new ReportRule(scope, reportMatch, actions));
                    metrics.AddRange(actions.OfType<MetricReport>().Select(m => m.Metric));
                }
            }
        }

        return rules.Count > 0 ? new CompiledReports(rules, [.. metrics.Distinct()]) : CompiledReports.Empty;
    }

    /// <summary>Root-namespace rules apply to every call; others to calls into their namespace (fixed on a sidecar).</summary>
    private bool InScope(string ruleNamespace, out string? scope)
    {
        scope = null;
        if (ruleNamespace == options.RootNamespace)
        {
            return true;
        }

        if (proxy.Role == ProxyRole.Sidecar)
        {
            return ruleNamespace == proxy.Namespace;
        }

        scope = ruleNamespace;
        return true;
    }

    /// <summary>Compiles a match; false when it can never hold for this proxy (folded to false or undefined).</summary>
    private bool Match(string? source, FixedAttributes fixedAttributes, string rule, out CexlExpression? match)
    {
        match = null;
        if (source is null)
        {
            return true;
        }

        match = Expression(source, fixedAttributes, rule, CexlType.Bool);
        if (match is null)
        {
            return false;
        }

        if (match.IsConstant)
        {
            var holds = match.TryEvalBool(Core.Mixer.Attributes.EmptyAttributeBag.Instance, out var value) && value;
            match = null;
            return holds;
        }

        return true;
    }

    private CexlExpression? Expression(string source, FixedAttributes fixedAttributes, string where, CexlType? type = null)
    {
        var expression = type is { } t ? Cexl.Compile(source, t, out var error, fixedAttributes) : Cexl.Compile(source, out error, fixedAttributes);
        if (expression is null)
        {
            _problems.Add($"{where}: {error}");
        }

        return expression;
    }

    private IEnumerable<CheckAction> CheckActions(ResolvedAction action, string rule)
    {
        var handler = action.Handler;
        switch (handler.Params)
        {
            case DenierParams denier:
            {
                var needed = action.Instances.SelectMany(i => InstanceExpressions(i, rule)).ToList();
                var code = denier.Status?.Code ?? 0;
                var denial = code == GrpcStatus.Ok ? null : new CheckDenial(code, handler.MessageName, denier.Status?.Message ?? "");
                var validity = new CacheValidity(denier.ValidDuration?.Value ?? DenierDefault.Duration, denier.ValidUseCount ?? DenierDefault.UseCount);
                yield return new DenyAction(handler.MessageName, denial, needed, validity);
                break;
            }

            case ListCheckerParams list:
            {
                var (built, unavailable) = List(handler, list);
                var validity = new CacheValidity(list.CachingInterval?.Value ?? ListDefaults.CachingInterval, list.CachingUseCount ?? ListDefaults.CachingUseCount);
                foreach (var instance in action.Instances)
                {
                    if (instance.Params is ListEntryParams { Value: { } source } && Expression(source, _checkFixed, $"{rule}: {instance.FullName}") is { } value)
                    {
                        yield return new ListAction(handler.MessageName, built, unavailable, list.Blacklist ?? false, value, validity);
                    }
                }

                break;
            }
        }
    }

    /// <summary>A list checker's list: overrides, plus the registry's fetch of its providerUrl; null (with why) when that is not available.</summary>
    private (MixerList? List, string? Unavailable) List(HandlerDefinition handler, ListCheckerParams list)
    {
        var entries = new List<string>(list.Overrides);
        if (list.ProviderUrl is { } url)
        {
            var key = new ResourceKey(ResourceKinds.FetchedList, handler.Source.Namespace, $"{handler.Source.Name}.{handler.Source.Kind}");
            if (!lists.TryGetValue(key, out var fetched) || fetched.Spec.ProviderUrl != url)
            {
                return (null, $"list from {url} has not been fetched yet");
            }

            if (fetched.Spec.Available != true)
            {
                return (null, $"list from {url} is not available: {fetched.Spec.Error}");
            }

            entries.AddRange(fetched.Spec.Entries);
        }

        if (MixerList.TryBuild(entries, list.EntryType ?? ListEntryType.Strings, out var built, out var errors))
        {
            return (built, null);
        }

        _problems.Add($"{handler.FullName}: {string.Join("; ", errors)}");
        return (null, "list is not valid");
    }

    /// <summary>The expressions an instance needs defined to be built (listentry value, quota dimensions).</summary>
    private IEnumerable<CexlExpression> InstanceExpressions(InstanceDefinition instance, string rule)
    {
        IEnumerable<string> sources = instance.Params switch
        {
            ListEntryParams { Value: { } value } => [value],
            QuotaParams quota => quota.Dimensions.Values,
            _ => [],
        };
        foreach (var source in sources)
        {
            if (Expression(source, _checkFixed, $"{rule}: {instance.FullName}") is { } expression)
            {
                yield return expression;
            }
        }
    }

    private IEnumerable<QuotaAction> QuotaActions(ResolvedAction action, string? scope, CexlExpression? match, string rule)
    {
        var handler = action.Handler;
        foreach (var instance in action.Instances)
        {
            if (instance.Params is not QuotaParams quota || Limit(handler, instance) is not { } limit)
            {
                continue;
            }

            var dimensions = new List<(string, CexlExpression)>();
            foreach (var (name, source) in quota.Dimensions)
            {
                if (Expression(source, _checkFixed, $"{rule}: {instance.FullName}") is { } expression)
                {
                    dimensions.Add((name, expression));
                }
            }

            yield return new QuotaAction(instance.ShortName, scope, match, dimensions, limit, $"{handler.FullName}/{instance.FullName}");
        }
    }

    private static QuotaLimit? Limit(HandlerDefinition handler, InstanceDefinition instance)
    {
        bool Names(string? name) => name is not null && MixerNames.Candidates(name, ResourceKinds.MixerInstance, handler.Source.Namespace).Contains(instance.FullName);
        switch (handler.Params)
        {
            case MemQuotaParams mem when mem.Quotas.FirstOrDefault(q => Names(q.Name)) is { } limit:
                return new QuotaLimit(false, QuotaAlgorithm.RollingWindow, limit.MaxAmount ?? 0, limit.ValidDuration?.Value ?? TimeSpan.FromSeconds(1), TimeSpan.Zero,
                    [.. limit.Overrides.Select(o => new QuotaOverride([.. o.Dimensions], o.MaxAmount ?? 0, o.ValidDuration?.Value))]);
            case RedisQuotaParams redis when redis.Quotas.FirstOrDefault(q => Names(q.Name)) is { } limit:
                var rolling = limit.RateLimitAlgorithm == RateLimitAlgorithm.RollingWindow;
                return new QuotaLimit(true, rolling ? QuotaAlgorithm.RollingWindow : QuotaAlgorithm.FixedWindow, limit.MaxAmount ?? 0,
                    limit.ValidDuration?.Value ?? TimeSpan.FromSeconds(1), limit.BucketDuration?.Value ?? TimeSpan.Zero,
                    [.. limit.Overrides.Select(o => new QuotaOverride([.. o.Dimensions], o.MaxAmount ?? 0, null))]);
            default:
                return null;
        }
    }

    private IEnumerable<ReportAction> ReportActions(ResolvedAction action, string rule)
    {
        var handler = action.Handler;
        foreach (var instance in action.Instances)
        {
            var where = $"{rule}: {instance.FullName}";
            switch (handler.Params, instance.Params)
            {
                case (PrometheusParams prometheus, MetricParams metric):
                    var info = prometheus.Metrics.FirstOrDefault(m => m.InstanceName is { } n &&
                        MixerNames.Candidates(n, ResourceKinds.MixerInstance, handler.Source.Namespace).Contains(instance.FullName));
                    if (info is null || Expression(metric.Value!, _reportFixed, where) is not { } value)
                    {
                        continue;
                    }

                    var labels = info.LabelNames.Select(l => Expression(metric.Dimensions[l], _reportFixed, where)).ToList();
                    if (labels.Any(l => l is null))
                    {
                        continue;
                    }

                    var bounds = info.Kind == PrometheusMetricKind.Distribution && info.Buckets is { } buckets ? PrometheusNames.Bounds(buckets) : null;
                    var definition = new MetricDefinition(PrometheusNames.FullName(info), info.Kind ?? PrometheusMetricKind.Counter, info.Description, [.. info.LabelNames], bounds);
                    yield return new MetricReport(definition, value, labels!);
                    break;
                case (StdioParams stdio, LogEntryParams log):
                    yield return new LogReport(instance.FullName, Sink(stdio), Variables(log.Variables, where), Optional(log.Severity, where), Optional(log.Timestamp, where), isMetric: false);
                    break;
                case (StdioParams stdio, MetricParams metric):
                    var variables = Variables(metric.Dimensions, where).ToList();
                    if (Optional(metric.Value, where) is { } metricValue)
                    {
                        variables.Add(("value", metricValue));
                    }

                    yield return new LogReport(instance.FullName, Sink(stdio), variables, null, null, isMetric: true);
                    break;
            }
        }
    }

    private List<(string, CexlExpression)> Variables(IEnumerable<KeyValuePair<string, string>> sources, string where)
    {
        var variables = new List<(string, CexlExpression)>();
        foreach (var (name, source) in sources)
        {
            if (Expression(source, _reportFixed, where) is { } expression)
            {
                variables.Add((name, expression));
            }
        }

        return variables;
    }

    private CexlExpression? Optional(string? source, string where) => source is null ? null : Expression(source, _reportFixed, where);

    private static StdioSink Sink(StdioParams stdio) => new(
        stdio.LogStream == StdioStream.Stderr,
        stdio.OutputAsJson ?? true,
        stdio.OutputLevel ?? StdioLevel.Info,
        stdio.MetricLevel ?? StdioLevel.Info,
        stdio.SeverityLevels.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal));

    private List<HeaderEdit> Edits(IEnumerable<HeaderOperationTemplate> operations, string rule) =>
    [
        .. operations.Select(o => new HeaderEdit(
            o.Name!,
            [.. o.Values.Select(v => Expression(v, _checkFixed, rule, CexlType.String)).OfType<CexlExpression>()],
            o.Operation ?? HeaderOperation.Replace)),
    ];
}
