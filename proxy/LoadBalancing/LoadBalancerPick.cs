namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// A balancer's answer: the endpoint index, or <see cref="NoChoice"/> (-1) when the caller should forward to the
/// address it was asked for (PASSTHROUGH) or there is no endpoint. <see cref="Lease"/> must be disposed when the request
/// ends; <see cref="SetCookie"/>, when present, must be added to the response.
/// </summary>
public readonly record struct LoadBalancerPick(int Index, EndpointLease Lease, SetCookieInstruction? SetCookie)
{
    public const int NoChoiceIndex = -1;

    public static LoadBalancerPick NoChoice => new(NoChoiceIndex, default, null);

    public bool HasEndpoint => Index >= 0;

    public static LoadBalancerPick Of(int index) => new(index, default, null);
}
