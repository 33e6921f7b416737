using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Sidecar.Hosting;

ProxyHostDefaults.PreferInlineSocketCompletions();
var app = SidecarApp.Create(args);
await app.RunAsync();
