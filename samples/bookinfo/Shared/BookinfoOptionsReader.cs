using System.Text.RegularExpressions;

namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>Reads <see cref="BookinfoOptions"/> from the command line, falling back to the environment.</summary>
public static partial class BookinfoOptionsReader
{
    /// <summary>Splits off the leading service name, which the configuration system does not understand.</summary>
    public static (string? Service, string[] Remaining) SplitService(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') ? (args[0], args[1..]) : (null, args);

    public static BookinfoOptions Read(string? service, IConfiguration config)
    {
        service = (service ?? First(config, "service", "BOOKINFO_SERVICE"))?.ToLowerInvariant()
            ?? throw new BookinfoUsageException("no service named");
        if (!BookinfoServices.All.Contains(service))
        {
            throw new BookinfoUsageException($"unknown service '{service}'");
        }

        var version = First(config, "version", "BOOKINFO_VERSION") ?? "v1";
        if (!VersionPattern().IsMatch(version) || (service == BookinfoServices.Reviews && version is not ("v1" or "v2" or "v3")))
        {
            throw new BookinfoUsageException($"unsupported version '{version}' for {service}");
        }

        var instance = First(config, "instance-id", "INSTANCE_ID") ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);
        var defaults = new BookinfoOptions { Service = service, Version = version, InstanceId = instance };
        return defaults with
        {
            ClusterName = First(config, "cluster-name", "CLUSTER_NAME") ?? defaults.ClusterName,
            DetailsUrl = Url(config, "details-url", "DETAILS_URL") ?? defaults.DetailsUrl,
            ReviewsUrl = Url(config, "reviews-url", "REVIEWS_URL") ?? defaults.ReviewsUrl,
            RatingsUrl = Url(config, "ratings-url", "RATINGS_URL") ?? defaults.RatingsUrl,
            StatsUrl = Url(config, "stats-url", "STATS_URL") ?? defaults.StatsUrl,
            Proxy = Url(config, "proxy", "BOOKINFO_PROXY"),
        };
    }

    private static string? First(IConfiguration config, string argName, string envName)
    {
        var value = config[argName];
        value = string.IsNullOrWhiteSpace(value) ? Environment.GetEnvironmentVariable(envName) : value;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static Uri? Url(IConfiguration config, string argName, string envName)
    {
        var text = First(config, argName, envName);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new BookinfoUsageException($"{argName} '{text}' is not an http(s) URL");
        }

        return url;
    }

    [GeneratedRegex("^v[0-9]+$")]
    private static partial Regex VersionPattern();
}
