namespace GatewayMesh.Cli.Local.Observability;

/// <summary>Whose lines <c>meshctl logs</c> shows from a sidecar's log: the proxy's own, or its app's.</summary>
internal enum LogSource
{
    Proxy,
    App,
}

/// <summary>
/// Splits a child's log (what it wrote to stdout and stderr, appended by the supervisor) into the proxy's lines and
/// its app's. The sidecar forwards each app line as one log entry, <c>info: ...AppSupervisor[5023]</c> followed by
/// <c>      app: LINE</c>; every other line (access-log lines, the proxy's own log entries, the supervisor's
/// <c>---</c> start headers) is the proxy's. Works on a stream of lines, so following a growing file needs no buffering
/// beyond one pending header.
/// </summary>
internal sealed class LogLines(LogSource source)
{
    private const string AppEntryHeader = "info: GatewayMesh.Sidecar.Supervision.AppSupervisor[5023]";
    private const string AppLinePrefix = "      app: ";
    private string? _pendingHeader;

    /// <summary>The lines to print for one line read from the log (none, one, or a held header and this line).</summary>
    public IEnumerable<string> Accept(string line)
    {
        if (_pendingHeader is { } header)
        {
            _pendingHeader = null;
            if (line.StartsWith(AppLinePrefix, StringComparison.Ordinal))
            {
                if (source == LogSource.App)
                {
                    yield return line[AppLinePrefix.Length..];
                }

                yield break;
            }

            if (source == LogSource.Proxy)
            {
                yield return header; // not an app entry after all
            }
        }

        if (line == AppEntryHeader)
        {
            _pendingHeader = line;
            yield break;
        }

        if (source == LogSource.Proxy)
        {
            yield return line;
        }
    }
}
