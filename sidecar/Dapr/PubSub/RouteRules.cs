using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// Picks the app path for an event: the first rule whose CEL <c>match</c> is true (the variable <c>event</c> holds the
/// CloudEvent, its <c>data</c> as JSON), else the default path, else none (the event is dropped, as daprd does).
/// Expressions are compiled once (the Cel package); one that does not compile, or that fails or is not a boolean on an
/// event, is false for that event.
/// </summary>
public sealed class RouteRules(ILogger<RouteRules> logger)
{
    private readonly Cel.CelEnvironment _environment = new(null, null);
    private readonly ConcurrentDictionary<string, Cel.CelProgramDelegate?> _programs = new(StringComparer.Ordinal);

    public string? Route(TopicSubscription subscription, JsonObject cloudEvent)
    {
        if (subscription.Rules.Count > 0)
        {
            var variables = new Dictionary<string, object?> { ["event"] = ToCel(cloudEvent) };
            foreach (var rule in subscription.Rules)
            {
                if (Matches(rule.Match, subscription.Topic, variables))
                {
                    return TopicSubscription.NormalizePath(rule.Path);
                }
            }
        }

        return subscription.DefaultPath is { Length: > 0 } path ? TopicSubscription.NormalizePath(path) : null;
    }

    private bool Matches(string match, string topic, Dictionary<string, object?> variables)
    {
        var program = _programs.GetOrAdd(match, text =>
        {
            try
            {
                return _environment.Compile(text);
            }
            catch (Exception ex) when (ex is Cel.CelException or InvalidOperationException or ArgumentException)
            {
                Log.RuleInvalid(logger, text, topic, ex.Message);
                return null;
            }
        });
        try
        {
            return program?.Invoke(variables) is true;
        }
        catch (Exception ex) when (ex is Cel.CelException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>JSON as CEL values: objects as maps, arrays as lists, integers as int64, other numbers as double.</summary>
    internal static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToCel(p.Value)),
        JsonArray array => array.Select(ToCel).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var integer) ? integer : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
