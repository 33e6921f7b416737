namespace GatewayMesh.Ingress.Tls;

/// <summary>Loads the HTTPS credentials once the proxy state has its first config, before the listeners accept, and follows changes.</summary>
internal sealed class GatewayCredentialsStartup(GatewayCredentials credentials) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        credentials.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
