using GatewayMesh.Sidecar.Hosting;

if (args.Length > 0 && args[0] == WaitCommand.Name)
{
    return await WaitCommand.RunAsync(args[1..], Console.Out, TimeProvider.System);
}

var app = SidecarApp.Create(args);
await app.RunAsync();
return 0;
