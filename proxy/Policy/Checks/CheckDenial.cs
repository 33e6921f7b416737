using System.Text;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>
/// A check that refused a call: the gRPC status, the handler (as Mixer named it in messages) and the adapter's message.
/// The body is Mixer's <c>CODE_NAME:handler:message</c>, built once per distinct denial.
/// </summary>
public sealed class CheckDenial(int code, string handler, string message)
{
    public int Code { get; } = code;

    public int HttpStatus { get; } = GrpcStatus.ToHttp(code);

    public string Handler { get; } = handler;

    public string Message { get; } = message;

    public string Body { get; } = $"{GrpcStatus.Name(code)}:{handler}:{message}";

    public byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);

    /// <summary>Envoy-style response code details for access logs: <c>mixer_check_denied[handler]</c>.</summary>
    public string Details { get; } = $"mixer_check_denied[{handler}]";
}
