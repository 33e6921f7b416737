using GatewayMesh.Dashboard.Hosting;

await DashboardApp.Create(args).RunAsync();
