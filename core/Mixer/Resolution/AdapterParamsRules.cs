using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Lists;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>Each adapter's own checks on its params, as Mixer's adapters validated them, plus what this mesh does not support.</summary>
internal static class AdapterParamsRules
{
    public static void Check(object parameters, string path, MixerErrorSink sink)
    {
        switch (parameters)
        {
            case DenierParams denier:
                Denier(denier, path, sink);
                break;
            case ListCheckerParams list:
                ListChecker(list, path, sink);
                break;
            case MemQuotaParams mem:
                QuotaRules.MemQuota(mem, path, sink);
                break;
            case RedisQuotaParams redis:
                QuotaRules.RedisQuota(redis, path, sink);
                break;
            case PrometheusParams prometheus:
                PrometheusRules.Check(prometheus, path, sink);
                break;
            case StdioParams stdio:
                Stdio(stdio, path, sink);
                break;
        }
    }

    private static void Denier(DenierParams denier, string path, MixerErrorSink sink)
    {
        if (denier.Status?.Code is { } code and (< 0 or > 16))
        {
            sink.Add($"{path}.status.code", $"{code} is not a gRPC status code (0 to 16)");
        }

        NotNegative(denier.ValidDuration, $"{path}.validDuration", sink);
        if (denier.ValidUseCount < 0)
        {
            sink.Add($"{path}.validUseCount", $"must be >= 0, got {denier.ValidUseCount}");
        }
    }

    private static void ListChecker(ListCheckerParams list, string path, MixerErrorSink sink)
    {
        if (list.ProviderUrl is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            {
                sink.Add($"{path}.providerUrl", $"\"{url}\" is not an absolute http or https URL with a host");
            }

            var refresh = list.RefreshInterval?.Value ?? ListDefaults.RefreshInterval;
            if (refresh < TimeSpan.FromSeconds(1))
            {
                sink.Add($"{path}.refreshInterval", $"refresh interval must be at least 1 second, it is {list.RefreshInterval}");
            }

            var ttl = list.Ttl?.Value ?? ListDefaults.Ttl;
            if (ttl < refresh)
            {
                sink.Add($"{path}.ttl", $"ttl must be > refreshInterval, ttl is {list.Ttl?.ToString() ?? "300s"} and refreshInterval is {list.RefreshInterval?.ToString() ?? "60s"}");
            }
        }
        else
        {
            if (list.RefreshInterval is not null)
            {
                sink.Add($"{path}.refreshInterval", "refreshInterval needs a providerUrl to refresh from");
            }

            if (list.Ttl is not null)
            {
                sink.Add($"{path}.ttl", "ttl needs a providerUrl");
            }
        }

        NotNegative(list.CachingInterval, $"{path}.cachingInterval", sink);
        if (list.CachingUseCount < 0)
        {
            sink.Add($"{path}.cachingUseCount", $"caching use count must be >= 0, it is {list.CachingUseCount}");
        }

        if (!MixerList.TryBuild([.. list.Overrides], list.EntryType ?? ListEntryType.Strings, out _, out var errors))
        {
            foreach (var error in errors)
            {
                sink.Add($"{path}.overrides", error);
            }
        }
    }

    private static void Stdio(StdioParams stdio, string path, MixerErrorSink sink)
    {
        if (stdio.LogStream is StdioStream.File or StdioStream.RotatedFile)
        {
            sink.Add($"{path}.logStream", "only STDOUT and STDERR are supported: a proxy writes its log lines to its own output");
        }

        if (stdio.OutputPath is not null)
        {
            sink.Add($"{path}.outputPath", "file output is not supported; remove it (lines go to the proxy's standard output)");
        }
    }

    public static void NotNegative(MeshDuration? duration, string path, MixerErrorSink sink)
    {
        if (duration is { } d && d.Value < TimeSpan.Zero)
        {
            sink.Add(path, $"must be >= 0, got {d}");
        }
    }
}

/// <summary>Mixer's list checker defaults.</summary>
public static class ListDefaults
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan CachingInterval = TimeSpan.FromSeconds(300);
    public const int CachingUseCount = 10_000;
}
