using GatewayMesh.Ingress.Hosting;

var app = IngressApp.Create(args);
await app.RunAsync();
