using GatewayMesh.Registry.Hosting;

var app = RegistryApp.Create(args);
await app.RunAsync();
