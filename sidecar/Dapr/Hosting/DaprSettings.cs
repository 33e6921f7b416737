using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.Hosting;

/// <summary>Builds <see cref="DaprApiOptions"/> from the host configuration and the sidecar's options, and reports the bound ports.</summary>
internal static class DaprSettings
{
    public static DaprApiOptions From(IConfiguration configuration, GatewayMesh.Sidecar.Settings.SidecarOptions sidecar)
    {
        var options = Bind(configuration);
        if (string.IsNullOrWhiteSpace(options.AppId))
        {
            options.AppId = sidecar.Service;
        }

        options.Namespace = sidecar.Namespace;
        options.AppPort = sidecar.AppPort;
        options.ApiToken = DaprApiOptions.ReadToken(options.ApiTokenFile);
        options.AppApiToken = DaprApiOptions.ReadToken(options.AppApiTokenFile);
        return options;
    }

    /// <summary>The <c>Dapr</c> section as bound, before the sidecar's own settings fill it in.</summary>
    public static DaprApiOptions Bind(IConfiguration configuration) =>
        configuration.GetSection(DaprApiOptions.SectionName).Get<DaprApiOptions>() ?? new DaprApiOptions();

    /// <summary>Prints <c>dapr-http listening on URL</c> and <c>dapr-grpc listening on URL</c> (what meshctl reads) and logs them.</summary>
    public static void ReportListening(IServiceProvider services)
    {
        var listeners = services.GetRequiredService<DaprListeners>();
        var options = services.GetRequiredService<DaprApiOptions>();
        if (listeners.HttpUri is { } httpUri)
        {
            Console.Out.WriteLine($"dapr-http listening on {httpUri.ToString().TrimEnd('/')}");
        }

        if (listeners.GrpcUri is { } grpcUri)
        {
            Console.Out.WriteLine($"dapr-grpc listening on {grpcUri.ToString().TrimEnd('/')}");
        }

        if (options.Enabled)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayMesh.Sidecar.Dapr");
            var http = listeners.HttpUri?.ToString() ?? "off";
            var grpc = listeners.GrpcUri?.ToString() ?? "off";
            Log.Listening(logger, options.AppId, http, grpc);
        }
    }
}
