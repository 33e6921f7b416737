using Microsoft.Extensions.Logging;
using Polly;
using Polly.Hedging;
using Polly.Retry;
using Polly.Simmy;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;
using Polly.Timeout;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Builds the Polly pipeline of one <see cref="ResiliencePolicy"/>. Strategies, outermost first:
/// <list type="number">
/// <item>fault delay, then fault abort (chaos strategies): outside everything else, so as in Istio the route's
/// timeout and retries never apply to an injected fault, and the delay does not count against the timeout;</item>
/// <item>the route <c>timeout</c>: the deadline for all attempts and backoffs together;</item>
/// <item>retries (jittered exponential backoff, 25 ms base capped at 10x, see <see cref="RetryDecision"/>);</item>
/// <item>hedging, when the VirtualService asks for it (idempotent bodiless requests only);</item>
/// <item>the <c>perTryTimeout</c> of each attempt.</item>
/// </list>
/// Per-request facts (endpoint, counters, flags) travel in the <see cref="ResilienceContext"/>, so one pipeline serves
/// every request of its route destinations.
/// </summary>
internal sealed class ResiliencePipelineFactory(TimeProvider time, ResilienceOptions options, ResilienceMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan MaxPollyDuration = TimeSpan.FromDays(1);

    public ResiliencePipeline<HttpResponseMessage> Build(ResiliencePolicy policy)
    {
        if (policy.IsEmpty)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (policy.Fault?.Delay is { } delay)
        {
            builder.AddChaosLatency(Latency(delay));
        }

        if (policy.Fault?.Abort is { } abort)
        {
            builder.AddChaosOutcome(Abort(abort));
        }

        if (policy.Timeout is { } timeout)
        {
            builder.AddTimeout(RouteTimeout(Clamp(timeout)));
        }

        if (policy.Retry.Enabled)
        {
            builder.AddRetry(Retry(policy.Retry));
        }

        if (policy.Hedging is { } hedging)
        {
            builder.AddHedging(Hedging(policy.Retry, hedging.Delay, hedging.MaxHedgedAttempts));
        }

        if (policy.Retry is { Enabled: true, PerTryTimeout: { } perTry })
        {
            builder.AddTimeout(PerTryTimeout(Clamp(perTry)));
        }

        return builder.Build();
    }

    private ChaosLatencyStrategyOptions Latency(DelayFault delay) => new()
    {
        Latency = delay.Delay,
        InjectionRate = delay.Rate,
        Randomizer = options.Randomizer,
        OnLatencyInjected = args =>
        {
            if (ResilienceKeys.ExchangeOf(args.Context) is { } exchange)
            {
                ExchangeEvents.FaultInjected(exchange, InjectedFaults.Delay, "delay", metrics, logger);
            }

            return default;
        },
    };

    private ChaosOutcomeStrategyOptions<HttpResponseMessage> Abort(AbortFault abort) => new()
    {
        InjectionRate = abort.Rate,
        Randomizer = options.Randomizer,
        OutcomeGenerator = args => new(Outcome.FromResult(FaultResponses.Abort(abort, ResilienceKeys.ExchangeOf(args.Context)?.Request))),
        OnOutcomeInjected = args =>
        {
            if (ResilienceKeys.ExchangeOf(args.Context) is { } exchange)
            {
                ExchangeEvents.FaultInjected(exchange, InjectedFaults.Abort, "abort", metrics, logger);
            }

            return default;
        },
    };

    private TimeoutStrategyOptions RouteTimeout(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        OnTimeout = args =>
        {
            if (ResilienceKeys.ExchangeOf(args.Context) is { } exchange)
            {
                ExchangeEvents.RouteTimedOut(exchange, args.Timeout, metrics, logger);
            }

            return default;
        },
    };

    private TimeoutStrategyOptions PerTryTimeout(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        OnTimeout = args =>
        {
            if (ResilienceKeys.ExchangeOf(args.Context) is { } exchange)
            {
                ExchangeEvents.PerTryTimedOut(exchange, args.Timeout, metrics, logger);
            }

            return default;
        },
    };

    private RetryStrategyOptions<HttpResponseMessage> Retry(RetryPolicy retry)
    {
        var baseDelay = ClampBackoff(retry.BaseBackoff ?? options.BackoffBase);
        return new()
        {
            MaxRetryAttempts = retry.Retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay,
            MaxDelay = ClampBackoff(baseDelay * Math.Max(1, options.BackoffCapFactor)),
            Randomizer = options.Randomizer,
            ShouldHandle = args => new(
                args.AttemptNumber < retry.Retries
                && ResilienceKeys.ExchangeOf(args.Context) is { } exchange
                && RetryDecision.ShouldRetry(retry, args.Outcome, exchange.Traits)
                && exchange.TryBeginRetry()),
            OnRetry = args =>
            {
                if (ResilienceKeys.ExchangeOf(args.Context) is { } exchange)
                {
                    ExchangeEvents.Retrying(exchange, args.AttemptNumber, args.Outcome, args.RetryDelay, metrics, logger);
                }

                return default;
            },
        };
    }

    private HedgingStrategyOptions<HttpResponseMessage> Hedging(RetryPolicy retry, TimeSpan delay, int maxHedged)
    {
        // A hedge is sent early, so it treats any failure its retry policy knows as "try another endpoint now".
        var conditions = retry.Enabled ? retry : RetryPolicy.IstioDefault;
        return new()
        {
            Delay = delay,
            MaxHedgedAttempts = maxHedged,
            ShouldHandle = args => new(
                ResilienceKeys.ExchangeOf(args.Context) is { } exchange && RetryDecision.ShouldRetry(conditions, args.Outcome, exchange.Traits)),
            ActionGenerator = args =>
            {
                if (ResilienceKeys.ExchangeOf(args.PrimaryContext) is not { CanHedge: true })
                {
                    return null;
                }

                args.ActionContext.Properties.Set(ResilienceKeys.HedgedAttempt, args.AttemptNumber);
                return () => args.Callback(args.ActionContext);
            },
            OnHedging = args =>
            {
                if (ResilienceKeys.ExchangeOf(args.PrimaryContext) is { } exchange)
                {
                    ExchangeEvents.Hedged(exchange, args.AttemptNumber + 1, metrics, logger);
                }

                return default;
            },
        };
    }

    private static TimeSpan ClampBackoff(TimeSpan value) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > MaxPollyDuration ? MaxPollyDuration : value;

    private static TimeSpan Clamp(TimeSpan value) =>
        value < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : value > MaxPollyDuration ? MaxPollyDuration : value;
}
