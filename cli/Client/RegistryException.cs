using System.Net;

namespace GatewayMesh.Cli.Client;

/// <summary>The registry answered with an error status; carries the status so commands can treat 404 and 409 specially.</summary>
internal sealed class RegistryException(HttpStatusCode status, string message, IReadOnlyList<string>? details = null)
    : CliException(message, details)
{
    public HttpStatusCode Status { get; } = status;
}
