using GatewayMesh.Core.Hosting;
using GatewayMesh.Ingress.Hosting;

if (InvalidSettingsException.Report(() => IngressApp.Create(args), Console.Error) is not { } app)
{
    return InvalidSettingsException.ExitCode; // every bad setting printed, no stack trace
}

await app.RunAsync();
return 0;
