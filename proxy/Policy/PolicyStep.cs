using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Policy.Attributes;
using GatewayMesh.Proxy.Policy.Compilation;
using GatewayMesh.Proxy.Policy.ExtAuthz;
using GatewayMesh.Proxy.Policy.Quotas;
using GatewayMesh.Proxy.Policy.RateLimits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace GatewayMesh.Proxy.Policy;

/// <summary>
/// The policy step (stage <see cref="PipelineStage.Policy"/>, on the ingress and sidecar inbound listeners), in this
/// order: the external authorizer of CUSTOM policies, Mixer's checks (denier, listchecker; first denial wins), local
/// rate limits, Mixer's quotas, global rate limits; then the matching rules' header operations. With nothing
/// configured it returns at once. Denials set UAEX, limits and quotas RL (<see cref="ResponseFlags"/>).
/// </summary>
public sealed class PolicyStep(
    QuotaEnforcer quotas,
    LocalRateLimiters localLimits,
    GlobalRateLimiter globalLimits,
    ExtAuthzClient extAuthz,
    PolicyMetrics metrics,
    PolicyOptions options,
    TimeProvider time,
    ILogger<PolicyStep> logger) : IProxyStep
{
    private static readonly ValueTask<StepResult> Continue = new(StepResult.Continue);

    private readonly ObjectPool<RequestAttributes> _bags = new DefaultObjectPool<RequestAttributes>(new DefaultPooledObjectPolicy<RequestAttributes>(), 1024);

    public ValueTask<StepResult> InvokeAsync(ProxyRequest request)
    {
        var policy = request.Config.Feature<CompiledPolicy>();
        if (policy is null || !policy.HasRequestWork)
        {
            return Continue;
        }

        var bag = _bags.Get().Bind(request, time, report: false);
        var pending = RunAsync(request, policy, bag);
        if (pending.IsCompletedSuccessfully)
        {
            Return(bag);
            return pending;
        }

        return AwaitAndReturn(pending, bag);
    }

    private async ValueTask<StepResult> AwaitAndReturn(ValueTask<StepResult> pending, RequestAttributes bag)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            Return(bag);
        }
    }

    private void Return(RequestAttributes bag)
    {
        bag.Unbind();
        _bags.Return(bag);
    }

    private ValueTask<StepResult> RunAsync(ProxyRequest request, CompiledPolicy policy, RequestAttributes bag)
    {
        if (!policy.ExtAuthz.IsEmpty)
        {
            return CheckExternallyAsync(request, policy, bag);
        }

        return AfterExtAuthz(request, policy, bag);
    }

    private async ValueTask<StepResult> CheckExternallyAsync(ProxyRequest request, CompiledPolicy policy, RequestAttributes bag)
    {
        if (await extAuthz.CheckAsync(request, policy.ExtAuthz).ConfigureAwait(false) == StepResult.Stop)
        {
            return StepResult.Stop;
        }

        return await AfterExtAuthz(request, policy, bag).ConfigureAwait(false);
    }

    private ValueTask<StepResult> AfterExtAuthz(ProxyRequest request, CompiledPolicy policy, RequestAttributes bag)
    {
        var destinationNamespace = DestinationNamespace(request, bag);
        if (!policy.Checks.IsEmpty && policy.Checks.Check(bag, destinationNamespace, out _) is { } denial)
        {
            metrics.Denied(denial.Handler);
            PolicyLog.CheckDenied(logger, request.Http.Request.Method, request.Http.Request.Path.Value, denial.Body);
            return LocalReply.SendAsync(request, denial.HttpStatus, denial.Body, ResponseFlags.UnauthorizedExternalService, denial.Details);
        }

        foreach (var entry in policy.RateLimits.Entries)
        {
            if (entry.Local is { } local && Applies(entry, request) && !localLimits.TryAcquire(local))
            {
                metrics.RateLimited("local", entry.Name);
                return PolicyReplies.SendAsync(request, local.StatusCode, "local_rate_limited", ResponseFlags.RateLimited, "local_rate_limited", local.ReplyHeaders);
            }
        }

        return AfterLocalLimits(request, policy, bag, destinationNamespace);
    }

    private ValueTask<StepResult> AfterLocalLimits(ProxyRequest request, CompiledPolicy policy, RequestAttributes bag, string? destinationNamespace)
    {
        if (!policy.Quotas.IsEmpty && !ChargedAtTheIngress(request))
        {
            var service = DestinationService(request, bag);
            var charged = quotas.ChargeAsync(policy.Quotas, bag, service, destinationNamespace, policy.QuotaFailOpen);
            if (!charged.IsCompletedSuccessfully)
            {
                return AfterQuotasAsync(charged, request, policy, bag);
            }

            var verdict = charged.Result;
            if (verdict.Outcome != QuotaOutcome.Granted)
            {
                return RefuseAsync(request, verdict);
            }
        }

        return AfterQuotas(request, policy, bag);
    }

    private async ValueTask<StepResult> AfterQuotasAsync(ValueTask<QuotaVerdict> charged, ProxyRequest request, CompiledPolicy policy, RequestAttributes bag)
    {
        var verdict = await charged.ConfigureAwait(false);
        if (verdict.Outcome != QuotaOutcome.Granted)
        {
            return await RefuseAsync(request, verdict).ConfigureAwait(false);
        }

        return await AfterQuotas(request, policy, bag).ConfigureAwait(false);
    }

    /// <summary>429 for an exhausted quota (Mixer's body), 503 when it could not be counted and the mesh fails closed.</summary>
    private ValueTask<StepResult> RefuseAsync(ProxyRequest request, QuotaVerdict verdict)
    {
        if (verdict.Outcome == QuotaOutcome.Exhausted)
        {
            metrics.Exhausted(verdict.Quota!);
            return LocalReply.SendAsync(request, 429, $"RESOURCE_EXHAUSTED:Quota is exhausted for: {verdict.Quota}", ResponseFlags.RateLimited,
                $"mixer_quota_exhausted[{verdict.Quota}]");
        }

        return LocalReply.SendAsync(request, 503, $"UNAVAILABLE:quota {verdict.Quota} cannot be counted: the shared counters are unreachable",
            ResponseFlags.RateLimited, "quota_unavailable");
    }

    private ValueTask<StepResult> AfterQuotas(ProxyRequest request, CompiledPolicy policy, RequestAttributes bag)
    {
        foreach (var entry in policy.RateLimits.Entries)
        {
            if (entry.Global is not null && Applies(entry, request))
            {
                return GlobalLimitsAsync(request, policy, bag);
            }
        }

        ApplyHeaderOperations(policy, bag, request);
        return Continue;
    }

    private async ValueTask<StepResult> GlobalLimitsAsync(ProxyRequest request, CompiledPolicy policy, RequestAttributes bag)
    {
        foreach (var entry in policy.RateLimits.Entries)
        {
            if (entry.Global is not { } global || !Applies(entry, request))
            {
                continue;
            }

            var verdict = await globalLimits.CheckAsync(entry.Name, global, bag, policy.QuotaFailOpen).ConfigureAwait(false);
            var headers = global.Headers && verdict.HasFigures ? RateLimitHeaders(verdict) : [];
            if (verdict.Unavailable)
            {
                return await LocalReply.SendAsync(request, 503, "global rate limit unavailable", ResponseFlags.RateLimited, "global_rate_limit_unavailable").ConfigureAwait(false);
            }

            if (verdict.Limited)
            {
                metrics.RateLimited("global", entry.Name);
                return await PolicyReplies.SendAsync(request, 429, "global_rate_limited", ResponseFlags.RateLimited, "global_rate_limited",
                    [.. headers, new("x-envoy-ratelimited", "true")]).ConfigureAwait(false);
            }

            foreach (var (name, value) in headers)
            {
                request.Http.Response.Headers[name] = value;
            }
        }

        ApplyHeaderOperations(policy, bag, request);
        return StepResult.Continue;
    }

    /// <summary>The draft RFC's headers, as Envoy's rate limit service sends them: the limit, what is left, seconds to the reset.</summary>
    private static KeyValuePair<string, string>[] RateLimitHeaders(GlobalVerdict verdict) =>
    [
        new("X-RateLimit-Limit", verdict.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("X-RateLimit-Remaining", verdict.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("X-RateLimit-Reset", ((long)Math.Ceiling(Math.Max(0, verdict.Reset.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private static void ApplyHeaderOperations(CompiledPolicy policy, RequestAttributes bag, ProxyRequest request)
    {
        foreach (var operations in policy.RuleHeaderOperations)
        {
            if (operations.Rule.Matches(bag))
            {
                operations.Apply(bag, request.Http);
            }
        }
    }

    private static bool Applies(RateLimitEntry entry, ProxyRequest request)
    {
        if (entry.Routes.Count == 0)
        {
            return true;
        }

        return request.Match is { } match && entry.AppliesTo(match.Host.Source, match.Rule.Name);
    }

    /// <summary>An inbound sidecar does not charge quotas for calls from the ingress, which charged them (verified by mTLS).</summary>
    private bool ChargedAtTheIngress(ProxyRequest request) =>
        request.Listener == ProxyListener.SidecarInbound && request.Peer is { } peer &&
        peer.Namespace == options.IngressIdentity.Namespace && peer.Id.ServiceAccount == options.IngressIdentity.ServiceAccount;

    private static string? DestinationNamespace(ProxyRequest request, RequestAttributes bag) =>
        request.Listener == ProxyListener.SidecarInbound ? request.Self.Namespace
        : bag.TryGetString(Core.Mixer.Attributes.MixerAttribute.DestinationServiceNamespace, out var ns) ? ns : null;

    private static string? DestinationService(ProxyRequest request, RequestAttributes bag) =>
        request.Listener == ProxyListener.SidecarInbound ? request.Self.ServiceName
        : bag.TryGetString(Core.Mixer.Attributes.MixerAttribute.DestinationServiceName, out var name) ? name : null;
}
