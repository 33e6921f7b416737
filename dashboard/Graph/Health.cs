namespace GatewayMesh.Dashboard.Graph;

/// <summary>Kiali's health of an edge or node from its request mix in the window.</summary>
internal enum Health
{
    /// <summary>No requests in the window.</summary>
    Idle,
    Healthy,

    /// <summary>4xx at 10 % or more.</summary>
    Degraded,

    /// <summary>5xx at 10 % or more, or 4xx at 20 % or more.</summary>
    Failure,
}

/// <summary>Kiali's default error-rate thresholds.</summary>
internal static class HealthThresholds
{
    public const double ServerErrorFailure = 0.10;
    public const double ClientErrorDegraded = 0.10;
    public const double ClientErrorFailure = 0.20;

    public static Health Of(double requests, double serverErrors, double clientErrors)
    {
        if (requests <= 0)
        {
            return Health.Idle;
        }

        var serverRatio = serverErrors / requests;
        var clientRatio = clientErrors / requests;
        if (serverRatio >= ServerErrorFailure || clientRatio >= ClientErrorFailure)
        {
            return Health.Failure;
        }

        return clientRatio >= ClientErrorDegraded ? Health.Degraded : Health.Healthy;
    }

    public static Health Worst(Health a, Health b) => (Health)Math.Max((int)a, (int)b);
}
