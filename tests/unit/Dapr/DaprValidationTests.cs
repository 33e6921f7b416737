using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Dapr;

public sealed class DaprValidationTests
{
    private static IReadOnlyList<string> Errors(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml);
        return [.. parsed.Errors.Select(e => e.ToString()), .. parsed.Resources.SelectMany(ConfigValidator.Validate).Select(e => e.ToString())];
    }

    [Fact]
    public void Component_StoredPlainPassword_RefusedWithFieldPath()
    {
        var errors = Errors("""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: statestore}
            spec:
              type: state.redis
              version: v1
              metadata:
              - name: redisHost
                value: localhost:6379
              - name: redisPassword
                value: hunter2
            """);
        var error = Assert.Single(errors);
        Assert.Contains("spec.metadata[1].value", error, StringComparison.Ordinal);
        Assert.Contains("secretKeyRef", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_EveryProblem_ReportedAtOnce()
    {
        var errors = Errors("""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: broken}
            spec:
              type: state.mongodb
              version: v2
              metadata:
              - name: maxLenApprox
                value: lots
              - name: maxLenApprox
                value: 5
              - name: redisPassword
                secretKeyRef: {name: redis}
            scopes: [Not_An_App]
            """);
        Assert.Contains(errors, e => e.Contains("spec.type", StringComparison.Ordinal) && e.Contains("state.mongodb", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.version", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.metadata[0].value", StringComparison.Ordinal) && e.Contains("integer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.metadata[1].name", StringComparison.Ordinal) && e.Contains("duplicate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.metadata[2].secretKeyRef.key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("scopes[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Component_NumericValueAndSecretRefs_Accepted()
    {
        Assert.Empty(Errors("""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: pubsub}
            spec:
              type: pubsub.redis
              version: v1
              metadata:
              - name: redisHost
                secretKeyRef: {name: dapr-redis, key: host}
              - name: redisPassword
                secretKeyRef: {name: dapr-redis, key: password}
              - name: maxLenApprox
                value: 1000
              - name: processingTimeout
                value: 30s
            scopes: [reviews]
            """));
    }

    [Fact]
    public void Subscription_MissingTopicAndRuleMatch_Reported()
    {
        var errors = Errors("""
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata: {name: s}
            spec:
              pubsubname: pubsub
              routes:
                rules:
                - path: /x
            """);
        Assert.Contains(errors, e => e.Contains("spec.topic", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("spec.routes.rules[0].match", StringComparison.Ordinal));
    }
}
