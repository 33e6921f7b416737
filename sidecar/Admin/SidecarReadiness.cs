using GatewayMesh.Proxy.Admin;
using GatewayMesh.Sidecar.Inbound;
using GatewayMesh.Sidecar.Registration;

namespace GatewayMesh.Sidecar.Admin;

/// <summary>Readiness: the local app accepts a TCP connection on its port.</summary>
internal sealed class AppReadiness(AppProbe app) : IReadinessCheck
{
    public async ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken) =>
        await app.AnswersAsync(cancellationToken) ? null : $"app not answering at {app.Target}";
}

/// <summary>Readiness, with a registry configured: the workload is registered.</summary>
internal sealed class RegistrationReadiness(RegistrationService registration) : IReadinessCheck
{
    public ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken) =>
        new(registration.IsRegistered ? null : "not registered yet");
}
