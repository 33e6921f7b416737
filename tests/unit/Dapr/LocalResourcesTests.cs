extern alias product;

using Microsoft.Extensions.Logging;
using product::GatewayMesh.Sidecar.Dapr.Components;
using Xunit;

namespace GatewayMesh.UnitTests.Dapr;

/// <summary>
/// The sidecar's <c>--dapr-resources-path</c> goes through the mesh's validator: a document with errors is skipped with
/// every error at once (parse and semantic, each with its path); plain credentials are allowed in local files.
/// </summary>
public sealed class LocalResourcesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gm-dapr-resources-").FullName;
    private readonly ListLogger _logger = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_DocumentWithParseAndSemanticErrors_SkippedWithEveryErrorAndItsPath()
    {
        File.WriteAllText(Path.Combine(_folder, "a.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: statestore}
            spec:
              type: state.redis
              version: v1
              ignoreErrors: maybe
              metadata:
              - name: redisHost
                value: localhost:6379
              - name: redisPassword
                value: plain-is-fine-locally
              - name: enableTLS
                value: sometimes
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: pubsub}
            spec:
              type: pubsub.redis
              version: v1
              metadata:
              - name: redisHost
                value: localhost:6379
              - name: redisPassword
                value: plain-is-fine-locally
            ---
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata: {name: orders}
            spec: {pubsubname: pubsub, topic: orders, routes: {default: /orders}}
            """);

        var loaded = LocalResources.Load(_folder, _logger);

        Assert.Equal(["pubsub"], loaded.Components.Select(c => c.Metadata.Name));
        Assert.Equal(["orders"], loaded.Subscriptions.Select(s => s.Metadata.Name));
        var line = Assert.Single(_logger.Lines);
        Assert.Contains("spec.ignoreErrors: expected a boolean", line, StringComparison.Ordinal);
        Assert.Contains("spec.metadata[2].value: enableTLS: expected true or false, got \"sometimes\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("redisPassword", line, StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
