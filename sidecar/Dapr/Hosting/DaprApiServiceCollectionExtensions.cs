using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Sidecar.Dapr.App;
using GatewayMesh.Sidecar.Dapr.Components;
using GatewayMesh.Sidecar.Dapr.Grpc;
using GatewayMesh.Sidecar.Dapr.Http;
using GatewayMesh.Sidecar.Dapr.Invocation;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.Redis;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Dapr.Subscriptions;
using GatewayMesh.Sidecar.Supervision;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Sidecar.Dapr.Hosting;

/// <summary>The Dapr API's one entry point: services (<see cref="AddDaprApi"/>) and the listener branch (<see cref="UseDaprApi"/>).</summary>
public static class DaprApiServiceCollectionExtensions
{
    public static IServiceCollection AddDaprApi(this IServiceCollection services, DaprApiOptions options, DaprListeners listeners)
    {
        services.AddSingleton(options);
        services.AddSingleton(listeners);
        if (!options.Enabled)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISecretResolver>(new LocalSecretStore(options.SecretsDir));
        services.AddSingleton(new RedisConnections($"gatewaymesh-dapr-{options.AppId}"));
        services.AddSingleton(sp => LocalResources.Load(options.ResourcesPath, sp.GetRequiredService<ILogger<LocalResources>>()));
        services.AddSingleton<ComponentCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<ComponentCatalog>());
        services.AddSingleton<AppChannel>();
        services.AddSingleton<DaprRuntime>();
        services.AddSingleton<RouteRules>();
        services.AddSingleton<AppDelivery>();
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton<SubscriptionManager>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionManager>());
        services.AddSingleton<ConfigurationPush>();
        services.AddSingleton<ServiceInvocation>();
        if (options.AppApiToken is not null)
        {
            services.AddProxyStep<AppApiTokenStep>(PipelineStage.Forward - 10, ProxyListeners.SidecarInbound);
        }

        services.AddSingleton<IAppEnvironment, DaprAppEnvironment>();
        services.AddRouting();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxRequestBodyBytes;
            grpc.EnableDetailedErrors = false;
        });
        services.AddSingleton<DaprGrpcService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<DaprGrpcService>, DaprMethodProvider>());
        return services;
    }

    /// <summary>Sends connections accepted on the Dapr listeners to the Dapr API (token check, HTTP routes, gRPC service).</summary>
    public static IApplicationBuilder UseDaprApi(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<DaprApiOptions>();
        if (!options.Enabled)
        {
            return app;
        }

        return app.MapWhen(DaprListeners.IsDapr, dapr =>
        {
            dapr.UseMiddleware<ApiTokenMiddleware>();
            dapr.Use(DaprHttpApi.InvokeByHeaderAsync);
            dapr.UseRouting();
            dapr.UseEndpoints(endpoints =>
            {
                endpoints.MapGrpcService<DaprGrpcService>();
                DaprHttpApi.Map(endpoints);
            });
        });
    }
}
