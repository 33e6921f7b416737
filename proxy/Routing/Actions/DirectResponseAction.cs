using System.Text;

namespace GatewayMesh.Proxy.Routing;

/// <summary><c>directResponse</c>: answer <see cref="Status"/> with a fixed body (text, or bytes written in base64), without forwarding.</summary>
public sealed record DirectResponseAction : RouteAction
{
    private readonly DerivedValue<byte[]> _body;

    /// <exception cref="FormatException"><paramref name="bodyBase64"/> is not base64 (validation rejects such configs first).</exception>
    public DirectResponseAction(int status, string? bodyText = null, string? bodyBase64 = null)
    {
        Status = status;
        BodyText = bodyText;
        BodyBase64 = bodyBase64;
        _body = new(bodyBase64 is not null ? Convert.FromBase64String(bodyBase64) : Encoding.UTF8.GetBytes(bodyText ?? ""));
    }

    public int Status { get; }

    public string? BodyText { get; }

    public string? BodyBase64 { get; }

    /// <summary>The body bytes, decoded once at compile time.</summary>
    public ReadOnlyMemory<byte> Body => _body.Value;
}
