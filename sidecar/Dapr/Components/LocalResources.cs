using GatewayMesh.Core.Config.Model.Dapr;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;

namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>
/// The <c>Component</c> and <c>Subscription</c> files of <c>--dapr-resources-path</c> (<c>*.yaml</c>, <c>*.yml</c>), read
/// once at start as daprd reads its resources folder. A document of another kind (daprd's <c>Configuration</c>,
/// <c>Resiliency</c>) or with errors is skipped with a log line naming the file; local files may carry plain credentials.
/// </summary>
public sealed class LocalResources
{
    public const long MaxFileBytes = 1024 * 1024;

    public LocalResources(IReadOnlyList<DaprComponent> components, IReadOnlyList<DaprSubscription> subscriptions)
    {
        Components = components;
        Subscriptions = subscriptions;
    }

    public IReadOnlyList<DaprComponent> Components { get; }

    public IReadOnlyList<DaprSubscription> Subscriptions { get; }

    public static LocalResources Load(string? directory, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
        {
            return new LocalResources([], []);
        }

        var components = new List<DaprComponent>();
        var subscriptions = new List<DaprSubscription>();
        var files = Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            if (new FileInfo(file).Length > MaxFileBytes)
            {
                Log.ResourceFileSkipped(logger, file, $"larger than {MaxFileBytes} bytes");
                continue;
            }

            var result = ConfigParser.Parse(File.ReadAllText(file), file);
            foreach (var item in result.Items)
            {
                // Every error of the document at once, each with its path (parse and semantic), as meshctl validate shows them.
                var errors = ConfigValidator.Check(item, stored: false);
                if (errors.Count > 0)
                {
                    Log.ResourceFileSkipped(logger, file, string.Join("; ", errors));
                    continue;
                }

                if (item.Resource is DaprComponent c)
                {
                    components.Add(c);
                }
                else if (item.Resource is DaprSubscription s)
                {
                    subscriptions.Add(s);
                }
            }
        }

        return new LocalResources(components, subscriptions);
    }
}
