namespace GatewayMesh.Dashboard.Settings;

/// <summary>
/// <c>gatewaymesh-dashboard</c>'s switches: where to listen, which proxies to scrape (a Prometheus file-SD targets
/// file, the one <c>meshctl up</c> writes), the registry and its token (the API needs the same token), and the optional
/// OTLP/HTTP trace receiver.
/// </summary>
internal sealed record DashboardOptions
{
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>The UI and API port; 0 picks a free one (printed once listening).</summary>
    public int Port { get; init; } = 15030;

    public string? TargetsFile { get; init; }

    public string? RegistryUrl { get; init; }

    /// <summary>The registry's token: every API request must carry it as a bearer token.</summary>
    public string Token { get; init; } = "";

    /// <summary>The OTLP/HTTP receiver's port (<c>POST /v1/traces</c>); null runs none, 0 picks a free one.</summary>
    public int? OtlpPort { get; init; }

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Rates and quantiles are computed over this much history.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    public static DashboardOptions Parse(string[] args)
    {
        var options = new DashboardOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--bind" => options with { Bind = Value() },
                "--port" => options with { Port = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--targets-file" => options with { TargetsFile = Value() },
                "--registry" => options with { RegistryUrl = Value() },
                "--token-file" => options with { Token = File.ReadAllText(Value()).Trim() },
                "--otlp-port" => options with { OtlpPort = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) },
                "--scrape-interval" => options with { ScrapeInterval = TimeSpan.FromSeconds(double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)) },
                "--window" => options with { Window = TimeSpan.FromSeconds(double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"unknown switch {args[i]}; known: --bind --port --targets-file --registry --token-file --otlp-port --scrape-interval --window"),
            };
        }

        if (options.Token.Length == 0)
        {
            throw new ArgumentException("--token-file is required: the dashboard's data needs the registry's token");
        }

        return options;
    }
}
