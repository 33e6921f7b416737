using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// An admin page a feature adds to every proxy's admin listener (e.g. <c>/stats/prometheus</c>), registered in DI
/// (<c>services.AddSingleton&lt;IAdminEndpoint, MyPage&gt;()</c>) so no host is edited. <see cref="Path"/> is matched
/// exactly; the built-in paths win.
/// </summary>
public interface IAdminEndpoint
{
    string Path { get; }

    Task HandleAsync(HttpContext context);
}
