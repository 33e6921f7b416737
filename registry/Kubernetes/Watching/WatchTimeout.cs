namespace GatewayMesh.Registry.Kubernetes.Watching;

/// <summary>
/// How long the API server keeps one watch open (its <c>timeoutSeconds</c>): 5 to 10 minutes, chosen per watch as
/// client-go does, so watches end and resume from their resourceVersion regularly and a watch stuck on a dead
/// connection cannot stay silent forever.
/// </summary>
internal static class WatchTimeout
{
    public static int Seconds => 300 + Random.Shared.Next(300);
}
