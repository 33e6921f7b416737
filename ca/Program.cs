using GatewayMesh.Ca.Hosting;
using GatewayMesh.Ca.Rotation;

if (args.Length > 0 && args[0] == RotateRootCommand.Verb)
{
    return RotateRootCommand.Run(args[1..], Console.Out, Console.Error, TimeProvider.System);
}

var app = CaApp.Create(args);
await app.RunAsync();
return 0;
