using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Proxy.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TStep"/> (a singleton) to the pipelines of <paramref name="listeners"/> at
    /// <paramref name="stage"/>; steps of one stage run in registration order. Call it from a feature's own DI extension.
    /// </summary>
    public static IServiceCollection AddProxyStep<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStep>(this IServiceCollection services, PipelineStage stage, ProxyListeners listeners)
        where TStep : class, IProxyStep
    {
        services.TryAddSingleton<TStep>();
        services.AddSingleton(new ProxyStepRegistration(typeof(TStep), stage, listeners));
        return services;
    }

    /// <summary>Adds <typeparamref name="TRecorder"/> (a singleton) as a record step of <paramref name="listeners"/>: it runs after each response.</summary>
    public static IServiceCollection AddRequestRecorder<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRecorder>(this IServiceCollection services, ProxyListeners listeners)
        where TRecorder : class, IRequestRecorder
    {
        services.TryAddSingleton<TRecorder>();
        services.AddSingleton(new RequestRecorderRegistration(typeof(TRecorder), listeners));
        return services;
    }

    /// <summary>Ends the application's pipeline with <paramref name="listener"/>'s request pipeline: every request reaching it is answered there.</summary>
    public static IApplicationBuilder UseProxyPipeline(this IApplicationBuilder app, ProxyListener listener)
    {
        var pipeline = app.ApplicationServices.GetRequiredService<ProxyPipelines>()[listener];
        app.Run(context => pipeline.RunAsync(context));
        return app;
    }
}
