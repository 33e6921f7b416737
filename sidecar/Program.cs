using GatewayMesh.Sidecar.Hosting;

var app = SidecarApp.Create(args);
await app.RunAsync();
