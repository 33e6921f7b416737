using Polly;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>What a pipeline's strategies read from the <see cref="ResilienceContext"/> of one request.</summary>
internal static class ResilienceKeys
{
    /// <summary>The request's exchange: its route, endpoints, counters and flags.</summary>
    public static readonly ResiliencePropertyKey<UpstreamExchange> Exchange = new("gatewaymesh.exchange");

    /// <summary>Set on the context of a hedged (extra) attempt, to its attempt number.</summary>
    public static readonly ResiliencePropertyKey<int> HedgedAttempt = new("gatewaymesh.hedged-attempt");

    public static UpstreamExchange? ExchangeOf(ResilienceContext context) =>
        context.Properties.TryGetValue(Exchange, out var exchange) ? exchange : null;
}
