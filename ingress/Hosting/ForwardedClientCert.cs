namespace GatewayMesh.Ingress.Hosting;

/// <summary>
/// <c>x-forwarded-client-cert</c> carries a verified peer identity inside the mesh; a client outside the mesh must
/// never be able to set it. The ingress removes it from every request on both traffic listeners before routing.
/// </summary>
internal static class ForwardedClientCert
{
    public const string Header = "x-forwarded-client-cert";

    public static Task StripAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.Headers.Remove(Header);
        return next(context);
    }
}
