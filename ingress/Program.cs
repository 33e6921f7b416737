using GatewayMesh.Ingress.Hosting;
using GatewayMesh.Proxy.Hosting;

ProxyHostDefaults.PreferInlineSocketCompletions();
var app = IngressApp.Create(args);
await app.RunAsync();
