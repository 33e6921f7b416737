using System.Net;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>The registry refuses Mixer config that would leave a rule naming something missing, as Galley did.</summary>
public sealed class RegistryMixerReferenceTests
{
    private const string Handler = """
        apiVersion: config.istio.io/v1alpha2
        kind: handler
        metadata: {name: denyhandler}
        spec: {compiledAdapter: denier, params: {status: {code: 7, message: Not allowed}}}
        """;

    private const string Instance = """
        apiVersion: config.istio.io/v1alpha2
        kind: instance
        metadata: {name: denyrequest}
        spec: {compiledTemplate: checknothing}
        """;

    private const string Rule = """
        apiVersion: config.istio.io/v1alpha2
        kind: rule
        metadata: {name: deny}
        spec:
          match: destination.labels["app"] == "ratings"
          actions: [{handler: denyhandler, instances: [denyrequest]}]
        """;

    [Fact]
    public async Task Apply_RuleWithoutItsHandler_Returns400WithTheFieldPath()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(Instance + "\n---\n" + Rule));
        var body = await RegistryTestHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["rule default/deny: spec.actions[0].handler: handler \"denyhandler\" not found (looked for denyhandler.handler.default)"],
            body["details"]!.AsArray().Select(d => (string)d!));
        using var list = await host.Client.GetAsync("/api/v1/configs");
        Assert.DoesNotContain("denyrequest", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_HandlerInstanceAndRuleTogether_IsAccepted_ThenTheRuleAloneIsAcceptedToo()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var all = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(string.Join("\n---\n", Handler, Instance, Rule)));
        using var ruleAgain = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(Rule.Replace("ratings", "details", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ruleAgain.StatusCode);
    }

    [Fact]
    public async Task Delete_InTheOrderOfIstiosFiles_HandlerBeforeRule_IsAccepted()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var applied = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(string.Join("\n---\n", Handler, Instance, Rule)));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        using var handler = await host.Client.DeleteAsync("/api/v1/configs/handler/default/denyhandler");
        using var instance = await host.Client.DeleteAsync("/api/v1/configs/instance/default/denyrequest");
        using var rule = await host.Client.DeleteAsync("/api/v1/configs/rule/default/deny");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [handler.StatusCode, instance.StatusCode, rule.StatusCode]);
    }

    [Fact]
    public async Task Validate_RuleAgainstTheStore_ReportsMissingInstance()
    {
        await using var host = await RegistryTestHost.StartAsync();
        using var applied = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(Handler));
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);

        using var response = await host.Client.PostAsync("/api/v1/validate", RegistryTestHost.Yaml(Rule));
        var body = await RegistryTestHost.ReadJsonAsync(response);

        Assert.False((bool)body["valid"]!);
        Assert.Contains(body["errors"]!.AsArray(), e => ((string)e!).Contains("spec.actions[0].instances[0]: instance \"denyrequest\" not found", StringComparison.Ordinal));
    }
}
