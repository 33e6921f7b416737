using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Registry.Kubernetes.Config;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>
/// The status patch two writers share (the CRD watch's <c>Accepted</c>, auto-registration's <c>Healthy</c>): a JSON
/// merge patch replaces a whole array, so each patch must carry the other writer's conditions, and the object's
/// resourceVersion so that crossing writes conflict instead of losing one.
/// </summary>
public sealed class StatusConditionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MergePatch_KeepsOtherTypes_ReplacesTheSameType_CarriesTheResourceVersion()
    {
        var item = Item("""[{"type": "Healthy", "status": "True"}, {"type": "Accepted", "status": "False", "reason": "Invalid"}]""");

        var patch = JsonNode.Parse(StatusConditions.MergePatch(item, [StatusConditions.AcceptedCondition(true, "ok", 3, Now)]))!;

        var conditions = patch["status"]!["conditions"]!.AsArray();
        Assert.Equal(["Healthy", "Accepted"], conditions.Select(c => (string?)c!["type"]));
        Assert.Equal("True", (string?)conditions[0]!["status"]);
        Assert.Equal("True", (string?)conditions[1]!["status"]);
        Assert.Equal(3, (long)conditions[1]!["observedGeneration"]!);
        Assert.Equal("42", (string?)patch["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public void MergePatch_NoStatusYet_WritesOnlyTheGivenConditions()
    {
        using var document = JsonDocument.Parse("""{"metadata": {"name": "x", "resourceVersion": "7"}}""");

        var patch = JsonNode.Parse(StatusConditions.MergePatch(document.RootElement, [new JsonObject { ["type"] = "Healthy", ["status"] = "False" }]))!;

        Assert.Equal(["Healthy"], patch["status"]!["conditions"]!.AsArray().Select(c => (string?)c!["type"]));
    }

    [Fact]
    public void Has_TrueOnlyWhenEachConditionIsThereExactly()
    {
        var item = Item("""[{"type": "Healthy", "status": "True", "lastProbeTime": "t1"}, {"type": "Accepted", "status": "True"}]""");

        Assert.True(StatusConditions.Has(item, [new JsonObject { ["type"] = "Healthy", ["status"] = "True", ["lastProbeTime"] = "t1" }]));
        Assert.False(StatusConditions.Has(item, [new JsonObject { ["type"] = "Healthy", ["status"] = "True", ["lastProbeTime"] = "t2" }]));
        Assert.False(StatusConditions.Has(item, [new JsonObject { ["type"] = "Healthy", ["status"] = "False" }]));
    }

    [Fact]
    public void AcceptedCondition_LongMessage_IsCutToTheLimit()
    {
        var condition = StatusConditions.AcceptedCondition(false, new string('x', 10_000), null, Now);

        Assert.Equal(4096, ((string?)condition["message"])!.Length);
        Assert.Equal("Invalid", (string?)condition["reason"]);
        Assert.Null(condition["observedGeneration"]);
    }

    private static JsonElement Item(string conditions) =>
        JsonDocument.Parse("""{"metadata": {"name": "x", "resourceVersion": "42"}, "status": {"conditions": """ + conditions + "}}").RootElement;
}
