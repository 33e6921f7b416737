using GatewayMesh.Cli;

return await MeshctlApp.RunAsync(args, CliConsole.System, CliEnvironment.System);
