using System.Text.RegularExpressions;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Policy.Compilation;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.UnitTests.Routing;
using Xunit;

namespace GatewayMesh.UnitTests.Fuzz;

/// <summary>
/// Issue 12: every file under configs/ loads as shipped, and random damage to it (<see cref="ConfigMutator"/>, seeded so
/// a failure names its reproduction) never makes parsing, validation or the proxies' compilers throw; every error names
/// its field path (or, for text that is not YAML, its line and column); what validates compiles for the ingress and a
/// sidecar. The registry side (a rejected apply leaves the store as it was) is
/// <c>GatewayMesh.IntegrationTests.Registry.RegistryFuzzTests</c>. GATEWAYMESH_FUZZ_ITERATIONS raises the budget.
/// </summary>
public sealed partial class ConfigFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATEWAYMESH_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 120;

    private static readonly ProxyIdentity[] Proxies =
    [
        RoutingFixtures.Ingress,
        RoutingFixtures.Sidecar("productpage", "default", ("version", "v1")),
        RoutingFixtures.Sidecar("reviews", "default", ("version", "v2")),
    ];

    public static TheoryData<string> ConfigFiles()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "configs");
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void ConfigFiles_EveryFolder_IsCopiedToTestOutput()
    {
        var files = ConfigFiles().Cast<object[]>().Select(row => (string)row[0]).ToList();
        Assert.Contains(files, f => f.StartsWith("bookinfo" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("bookinfo-legacy" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("policy" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>Users bring these files unchanged: no error, nothing skipped, every document a resource, and it compiles.</summary>
    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Check_ConfigsFileAsShipped_NoErrorAndCompiles(string file)
    {
        var parsed = ConfigParser.Parse(Read(file), file);

        Assert.Empty(ConfigValidator.Check(parsed).Select(e => e.ToString()));
        Assert.Empty(parsed.Skipped);
        Assert.NotEmpty(parsed.Resources);
        CompileForEveryProxy(parsed.Resources);
    }

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Check_RandomMutationsOfConfigsFile_NeverThrowEveryErrorHasAPathValidOnesCompile(string file)
    {
        var original = Read(file);
        var seed = StableSeed(file);
        var rejected = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var random = new Random(seed + i);
            var mutated = ConfigMutator.Mutate(original, random);
            var where = $"{file}, seed {seed + i}; mutated input:\n{mutated}";
            IReadOnlyList<ConfigError> errors;
            ConfigParseResult parsed;
            try
            {
                parsed = ConfigParser.Parse(mutated, file);
                errors = ConfigValidator.Check(parsed);
            }
            catch (Exception ex)
            {
                Assert.Fail($"parse/validate threw {ex}\nat {where}");
                return;
            }

            foreach (var error in errors)
            {
                Assert.False(error.Message.StartsWith("internal error", StringComparison.Ordinal), $"{error}\nat {where}");
                // The path is empty only where the error is about the document as a whole (it names the document), or
                // the text is not YAML (the message gives the line and column) or breaks a size limit.
                Assert.True(
                    error.Path.Length > 0 || error.Resource.Contains(" document ", StringComparison.Ordinal) ||
                    LineAndColumn().IsMatch(error.Message) || error.Message.Contains("limit", StringComparison.Ordinal),
                    $"an error without a field path: {error}\nat {where}");
            }

            if (errors.Count > 0)
            {
                rejected++;
                continue;
            }

            try
            {
                CompileForEveryProxy(parsed.Resources);
            }
            catch (Exception ex)
            {
                Assert.Fail($"a config that validates did not compile: {ex}\nat {where}");
            }
        }

        // The mutations must mostly be caught, or the fuzzer is not reaching the validators.
        Assert.True(rejected >= Iterations / 3, $"only {rejected} of {Iterations} mutations of {file} were rejected");
    }

    private static void CompileForEveryProxy(IReadOnlyList<ConfigResource> resources)
    {
        var configs = new Dictionary<ResourceKey, ConfigResource>();
        foreach (var resource in resources)
        {
            configs[resource.Key] = resource;
        }

        var instances = new[] { "productpage", "reviews", "ratings", "details" }
            .SelectMany(s => new[] { RoutingFixtures.Instance(s, version: "v1"), RoutingFixtures.Instance(s, version: "v2") with { InstanceId = s + "-v2-1" } })
            .ToDictionary(i => i.Key);
        var snapshot = new MeshSnapshot(1, configs.ToValueMap(), instances.ToValueMap());
        foreach (var proxy in Proxies)
        {
            var routes = RouteTableCompiler.Compile(snapshot, proxy);
            var https = RouteTableCompiler.CompileHttps(snapshot, proxy);
            ResilienceTable.Build(1, [routes, https], ResilienceTable.Empty, RouteResilienceBuilder.Default);
            SecurityPolicyCompiler.Compile(snapshot, proxy, ProxySecurityOptions.Default);
            JwtPolicyCompiler.Compile(snapshot, proxy, proxy.RootNamespace);
            PolicyCompiler.Compile(snapshot, proxy, new PolicyOptions(), TimeProvider.System);
        }

        ClusterTableCompiler.Compile(snapshot);
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", file));

    /// <summary>The same seeds on every machine and run (string.GetHashCode is randomised per process).</summary>
    private static int StableSeed(string file) =>
        file.Replace('\\', '/').Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) & 0x3fffffff;

    [GeneratedRegex(@"line \d+, column \d+")]
    private static partial Regex LineAndColumn();
}
