using System.Globalization;
using Microsoft.Extensions.Logging;
using Polly;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// What the pipeline's strategies report about one exchange: the exchange counts it (for the response flags), the
/// route's counter is incremented and one log line is written. Called from the strategies' callbacks.
/// </summary>
internal static class ExchangeEvents
{
    public static void Retrying(UpstreamExchange exchange, int attempt, Outcome<HttpResponseMessage> outcome, TimeSpan delay, ResilienceMetrics metrics, ILogger logger)
    {
        exchange.CountRetry();
        var reason = outcome.Exception is { } exception
            ? AttemptFailures.Name(AttemptFailures.Classify(exception))
            : ((int)outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
        metrics.Retry(exchange.Route, reason);
        var endpoint = Endpoint(exchange);
        ResilienceLog.Retrying(logger, exchange.Route.Name, exchange.Route.ClusterName, attempt + 1, endpoint, reason, (long)delay.TotalMilliseconds);
    }

    public static void RouteTimedOut(UpstreamExchange exchange, TimeSpan timeout, ResilienceMetrics metrics, ILogger logger)
    {
        metrics.Timeout(exchange.Route, "route");
        var endpoint = Endpoint(exchange);
        ResilienceLog.RouteTimedOut(logger, exchange.Route.Name, exchange.Route.ClusterName, (long)timeout.TotalMilliseconds, endpoint);
    }

    public static void PerTryTimedOut(UpstreamExchange exchange, TimeSpan timeout, ResilienceMetrics metrics, ILogger logger)
    {
        metrics.Timeout(exchange.Route, "per_try");
        var endpoint = Endpoint(exchange);
        ResilienceLog.PerTryTimedOut(logger, exchange.Route.Name, exchange.Route.ClusterName, endpoint, (long)timeout.TotalMilliseconds);
    }

    public static void FaultInjected(UpstreamExchange exchange, InjectedFaults fault, string kind, ResilienceMetrics metrics, ILogger logger)
    {
        exchange.CountFault(fault);
        metrics.Fault(exchange.Route, kind);
        ResilienceLog.FaultInjected(logger, kind, exchange.Route.Name, exchange.Route.ClusterName);
    }

    public static void Hedged(UpstreamExchange exchange, int attempt, ResilienceMetrics metrics, ILogger logger)
    {
        exchange.CountHedge();
        metrics.Hedge(exchange.Route);
        ResilienceLog.Hedging(logger, exchange.Route.Name, exchange.Route.ClusterName, attempt);
    }

    private static string Endpoint(UpstreamExchange exchange) => exchange.LastEndpoint?.ToString() ?? "-";
}
