using GatewayMesh.Samples.Bookinfo.Hosting;
using GatewayMesh.Samples.Bookinfo.Shared;

WebApplication app;
try
{
    app = BookinfoApp.Create(args);
}
catch (BookinfoUsageException ex)
{
    Console.Error.WriteLine($"bookinfo: {ex.Message}");
    Console.Error.WriteLine(BookinfoUsageException.Usage);
    return 2;
}

await app.RunAsync();
return 0;
