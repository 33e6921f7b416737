using GatewayMesh.Core.Hosting;
using GatewayMesh.Ca.Hosting;
using GatewayMesh.Ca.Rotation;

if (args.Length > 0 && args[0] == RotateRootCommand.Verb)
{
    return RotateRootCommand.Run(args[1..], Console.Out, Console.Error, TimeProvider.System);
}

if (InvalidSettingsException.Report(() => CaApp.Create(args), Console.Error) is not { } app)
{
    return InvalidSettingsException.ExitCode; // every bad setting printed, no stack trace
}

await app.RunAsync();
return 0;
