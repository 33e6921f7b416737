using System.Net.Security;
using System.Security.Authentication;
using GatewayMesh.Ca.Api;
using GatewayMesh.Ca.Auth;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Kubernetes;
using GatewayMesh.Ca.Settings;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Core.Identity;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace GatewayMesh.Ca.Hosting;

/// <summary>Builds the CA web application; <c>Program</c> runs it, tests start it in-process.</summary>
public static class CaApp
{
    /// <param name="args">Command-line arguments (<c>--dir</c>, <c>--port</c>, <c>--trust-domain</c>, ...).</param>
    /// <param name="configureServices">Runs before the CA's own registrations, so tests can supply a TimeProvider or logger provider.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddEnvironmentVariables("GATEWAYMESH_");
        builder.Configuration.AddCommandLine(args, CommandLineArgs.SwitchMappings);
        var options = builder.Configuration.GetSection(CaOptions.SectionName).Get<CaOptions>() ?? new CaOptions();
        SettingsProblems.ThrowIfInvalid("ca", options, CaKubernetesMode.Read(builder.Configuration)); // every bad switch at once, before anything listens
        var settings = CaSettings.From(options);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = CaApi.MaxRequestBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 32;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = 8 * 1024;
            kestrel.Listen(settings.ListenAddress, settings.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = context => Handshake(context, kestrel.ApplicationServices) });
            });
        });
        // stdout carries only the "ca listening on" line that scripts read; logs go to stderr.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));

        configureServices?.Invoke(builder.Services);
        var kubernetes = CaKubernetesMode.Read(builder.Configuration);
        var kubeClient = kubernetes is null ? null : CaKubernetesMode.Configure(builder.Services, kubernetes, settings);
        builder.Services.AddMeshCa(settings);

        var app = builder.Build();
        // Load or create the root, the token-signing key and the audit log before serving, so a bad file fails the start.
        app.Services.GetRequiredService<AuthorityState>();
        app.Services.GetServices<ICallerAuthenticator>();
        app.Services.GetRequiredService<Audit.AuditLog>();
        if (kubernetes is not null)
        {
            CaKubernetesMode.AfterStart(app, kubernetes, settings, kubeClient!);
        }

        app.UseApiErrorHandling(CaErrors.Style(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayMesh.Ca.Api.ErrorHandling")));
        app.MapReadEndpoints();
        app.MapPost(CaApi.CertificatesPath, (HttpContext context, CertificateHandler handler) => handler.HandleAsync(context));
        app.MapFallback(() => CaErrors.Result(StatusCodes.Status404NotFound, "no such endpoint"));
        app.Lifetime.ApplicationStarted.Register(() => ReportListening(app));
        return app;
    }

    /// <summary>The address the CA listens on, with the real port when it was bound to port 0.</summary>
    public static Uri GetListeningUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The CA is not listening yet.");
        return new Uri(first.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    private static ValueTask<SslServerAuthenticationOptions> Handshake(TlsHandshakeCallbackContext context, IServiceProvider services)
    {
        var serving = services.GetRequiredService<ServingCertificate>();
        return ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = serving.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            // Ask for a client certificate (renewal) but do not require one; ClientCertificateAuthenticator checks it.
            ClientCertificateRequired = true,
#pragma warning disable CA5359 // The chain is checked per request against the CA's current bundle, on the CA's clock.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        });
    }

    private static void ReportListening(WebApplication app)
    {
        var url = GetListeningUri(app).ToString().TrimEnd('/');
        Console.Out.WriteLine($"ca listening on {url}");
        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CaApp).FullName!);
        Log.Listening(logger, url);
    }
}
