using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace GatewayMesh.Proxy.Hosting;

/// <summary>
/// Host settings the ingress and the sidecar share, chosen for the request path (measured with bench/http/run.sh).
/// </summary>
public static class ProxyHostDefaults
{
    /// <summary>
    /// Builder options for <paramref name="args"/>: configuration files are not watched for changes (the proxies read
    /// none, and the default watcher follows the whole working directory tree, which costs memory and wakes on every
    /// file written below it).
    /// </summary>
    public static WebApplicationOptions BuilderOptions(string[] args) =>
        new() { Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"] };

    /// <summary>
    /// Logging for a proxy: to stderr, dropping messages when stderr cannot keep up; ASP.NET Core's and YARP's
    /// per-request messages off. ASP.NET Core's hosting category is switched off entirely: while any level of it is
    /// enabled, hosting starts an <c>Activity</c> and a logging scope for every request (and the upstream client then
    /// rewrites <c>traceparent</c> from that activity). An activity listener (a tracing exporter) still gets its activities.
    /// </summary>
    public static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddConsole(console =>
        {
            console.LogToStandardErrorThreshold = LogLevel.Trace;
            console.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite; // a flood of warnings never stalls requests
        });
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Yarp", LogLevel.Warning); // YARP logs two Information lines per forwarded request
    }

    /// <summary>
    /// Socket completions run on the socket engine's threads instead of being queued to the thread pool: one thread
    /// hand-off less for every read and write, on both sides of the proxy (measured with bench/http/run.sh: most of the
    /// gain of ingress → sidecar → app). The request path never blocks, which this needs; logging drops messages rather
    /// than wait (<see cref="ConfigureLogging"/>). Call first thing in <c>Main</c>, before any socket exists; an
    /// explicit <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> in the environment (e.g. <c>0</c>) wins.
    /// </summary>
    public static void PreferInlineSocketCompletions()
    {
        const string variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(variable) is null)
        {
            Environment.SetEnvironmentVariable(variable, "1");
        }
    }
}
