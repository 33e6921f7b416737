using GatewayMesh.Core.Hosting;
using GatewayMesh.Sidecar.Hosting;

if (args.Length > 0 && args[0] == WaitCommand.Name)
{
    return await WaitCommand.RunAsync(args[1..], Console.Out, TimeProvider.System);
}

if (InvalidSettingsException.Report(() => SidecarApp.Create(args), Console.Error) is not { } app)
{
    return InvalidSettingsException.ExitCode; // every bad setting printed, no stack trace
}

await app.RunAsync();
return 0;
