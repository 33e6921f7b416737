using GatewayMesh.Ingress.Hosting;

InlineScheduling.Prefer(); // before any socket exists

var app = IngressApp.Create(args);
await app.RunAsync();
