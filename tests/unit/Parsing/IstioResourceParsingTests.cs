using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Parsing.Binding;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

public class IstioResourceParsingTests
{
    private static IReadOnlyList<ConfigResource> ParseOk(string yaml)
    {
        var result = ConfigParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Resources;
    }

    [Fact]
    public void Parse_BookinfoGatewayAndVirtualService_BindsBoth()
    {
        var resources = ParseOk("""
            # Bookinfo ingress
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: bookinfo-gateway
            spec:
              selector:
                istio: ingressgateway
              servers:
              - port:
                  number: 8080
                  name: http
                  protocol: HTTP
                hosts:
                - "*"
            ---
            apiVersion: networking.istio.io/v1beta1
            kind: VirtualService
            metadata:
              name: reviews
              namespace: bookinfo
              labels: {app: reviews}
            spec:
              hosts:
              - reviews
              gateways: [bookinfo-gateway]
              http:
              - match:
                - headers:
                    end-user:
                      exact: jason
                  uri:
                    prefix: /reviews
                route:
                - destination:
                    host: reviews
                    subset: v2
                timeout: 2s
                retries: {attempts: 3, perTryTimeout: 500ms, retryOn: "5xx,connect-failure"}
              - route:
                - destination: {host: reviews, subset: v1, port: {number: 9080}}
                  weight: 75
                - destination: {host: reviews, subset: v3}
                  weight: 25
            """);

        var gateway = Assert.IsType<Gateway>(resources[0]);
        Assert.Equal(new ResourceKey("Gateway", "default", "bookinfo-gateway"), gateway.Key);
        Assert.Equal("networking.istio.io/v1", gateway.ApiVersion);
        Assert.Equal("ingressgateway", gateway.Spec.Selector["istio"]);
        var server = Assert.Single(gateway.Spec.Servers);
        Assert.Equal(new Port { Number = 8080, Name = "http", Protocol = "HTTP" }, server.Port);
        Assert.Equal(["*"], server.Hosts);

        var vs = Assert.IsType<VirtualService>(resources[1]);
        Assert.Equal(new ResourceKey("VirtualService", "bookinfo", "reviews"), vs.Key);
        Assert.Equal("reviews", vs.Metadata.Labels["app"]);
        Assert.Equal(2, vs.Spec.Http.Count);
        var match = Assert.Single(vs.Spec.Http[0].Match);
        Assert.Equal("jason", match.Headers["end-user"].Exact);
        Assert.Equal("/reviews", match.Uri!.Prefix);
        Assert.Equal(TimeSpan.FromSeconds(2), vs.Spec.Http[0].Timeout!.Value.Value);
        Assert.Equal(3, vs.Spec.Http[0].Retries!.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), vs.Spec.Http[0].Retries!.PerTryTimeout!.Value.Value);
        Assert.Equal([75, 25], vs.Spec.Http[1].Route.Select(r => r.Weight!.Value));
        Assert.Equal(9080, vs.Spec.Http[1].Route[0].Destination!.Port!.Number);
    }

    [Fact]
    public void Parse_DestinationRuleWithSubsetsAndTrafficPolicy_BindsPolicies()
    {
        var dr = Assert.IsType<DestinationRule>(Assert.Single(ParseOk("""
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: reviews, namespace: bookinfo}
            spec:
              host: reviews.bookinfo.svc.cluster.local
              trafficPolicy:
                loadBalancer:
                  simple: LEAST_REQUEST
                connectionPool:
                  tcp: {maxConnections: 100, connectTimeout: 30ms}
                  http: {http1MaxPendingRequests: 10, maxRequestsPerConnection: 1}
                outlierDetection:
                  consecutive5xxErrors: 5
                  interval: 10s
                  baseEjectionTime: 30s
                  maxEjectionPercent: 50
                tls:
                  mode: ISTIO_MUTUAL
              subsets:
              - name: v1
                labels: {version: v1}
              - name: v2
                labels: {version: v2}
                trafficPolicy:
                  loadBalancer: {simple: ROUND_ROBIN}
            """)));

        var policy = dr.Spec.TrafficPolicy!;
        Assert.Equal(SimpleLB.LeastRequest, policy.LoadBalancer!.Simple);
        Assert.Equal(100, policy.ConnectionPool!.Tcp!.MaxConnections);
        Assert.Equal(TimeSpan.FromMilliseconds(30), policy.ConnectionPool.Tcp.ConnectTimeout!.Value.Value);
        Assert.Equal(10, policy.ConnectionPool.Http!.Http1MaxPendingRequests);
        Assert.Equal(5, policy.OutlierDetection!.Consecutive5xxErrors);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.OutlierDetection.BaseEjectionTime!.Value.Value);
        Assert.Equal(ClientTlsMode.IstioMutual, policy.Tls!.Mode);
        Assert.Equal(["v1", "v2"], dr.Spec.Subsets.Select(s => s.Name!));
        Assert.Equal("v2", dr.Spec.Subsets[1].Labels["version"]);
        Assert.Equal(SimpleLB.RoundRobin, dr.Spec.Subsets[1].TrafficPolicy!.LoadBalancer!.Simple);
    }

    [Fact]
    public void Parse_PeerAuthenticationWithPortLevelMtls_BindsIntKeys()
    {
        var pa = Assert.IsType<PeerAuthentication>(Assert.Single(ParseOk("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata:
              name: reviews-mtls
              namespace: bookinfo
            spec:
              selector:
                matchLabels:
                  app: reviews
              mtls:
                mode: STRICT
              portLevelMtls:
                9080:
                  mode: PERMISSIVE
                "15021":
                  mode: DISABLE
            """)));

        Assert.Equal("reviews", pa.Spec.Selector!.MatchLabels["app"]);
        Assert.Equal(MutualTlsMode.Strict, pa.Spec.Mtls!.Mode);
        Assert.Equal(MutualTlsMode.Permissive, pa.Spec.PortLevelMtls[9080].Mode);
        Assert.Equal(MutualTlsMode.Disable, pa.Spec.PortLevelMtls[15021].Mode);
    }

    [Fact]
    public void Parse_AuthorizationPolicyWithRules_BindsSourcesOperationsAndConditions()
    {
        var ap = Assert.IsType<AuthorizationPolicy>(Assert.Single(ParseOk("""
            apiVersion: security.istio.io/v1beta1
            kind: AuthorizationPolicy
            metadata:
              name: ratings-viewer
              namespace: bookinfo
            spec:
              selector:
                matchLabels:
                  app: ratings
              action: ALLOW
              rules:
              - from:
                - source:
                    principals: ["cluster.local/ns/bookinfo/sa/bookinfo-reviews"]
                    namespaces: [bookinfo]
                to:
                - operation:
                    methods: ["GET"]
                    paths: ["/ratings/*"]
                    ports: ["9080"]
                when:
                - key: request.headers[version]
                  values: ["v1", "v2"]
            """)));

        Assert.Equal(AuthorizationAction.Allow, ap.Spec.Action);
        var rule = Assert.Single(ap.Spec.Rules);
        Assert.Equal(["cluster.local/ns/bookinfo/sa/bookinfo-reviews"], rule.From[0].Source!.Principals);
        Assert.Equal(["GET"], rule.To[0].Operation!.Methods);
        Assert.Equal(["9080"], rule.To[0].Operation!.Ports);
        Assert.Equal("request.headers[version]", rule.When[0].Key);
        Assert.Equal(["v1", "v2"], rule.When[0].Values);
    }

    [Fact]
    public void Parse_KubectlJsonList_BindsItemsAndIgnoresServerFields()
    {
        var resources = ParseOk("""
            {
                "apiVersion": "v1",
                "items": [
                    {
                        "apiVersion": "networking.istio.io/v1",
                        "kind": "VirtualService",
                        "metadata": {
                            "annotations": {
                                "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"networking.istio.io/v1\"}\n"
                            },
                            "creationTimestamp": "2024-05-01T10:00:00Z",
                            "generation": 3,
                            "managedFields": [{"manager": "kubectl", "operation": "Update", "fieldsV1": {"f:spec": {}}}],
                            "name": "ratings",
                            "namespace": "bookinfo",
                            "resourceVersion": "123456",
                            "uid": "6f1c1c1e-0000-4000-8000-000000000001"
                        },
                        "spec": {
                            "hosts": ["ratings"],
                            "http": [{"route": [{"destination": {"host": "ratings", "subset": "v1"}, "weight": 100}]}]
                        },
                        "status": {"observedGeneration": 3}
                    },
                    {
                    	"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication",
                    	"metadata":{"name":"default","namespace":"istio-system"},
                    	"spec":{"mtls":{"mode":"STRICT"},"portLevelMtls":{"8080":{"mode":"DISABLE"}}}
                    }
                ],
                "kind": "List",
                "metadata": {
                    "resourceVersion": ""
                }
            }
            """);

        var vs = Assert.IsType<VirtualService>(resources[0]);
        Assert.Equal("123456", vs.Metadata.ResourceVersion);
        Assert.Equal("{\"apiVersion\":\"networking.istio.io/v1\"}\n", vs.Metadata.Annotations["kubectl.kubernetes.io/last-applied-configuration"]);
        Assert.Equal(100, vs.Spec.Http[0].Route[0].Weight);
        var pa = Assert.IsType<PeerAuthentication>(resources[1]);
        Assert.Equal(MutualTlsMode.Disable, pa.Spec.PortLevelMtls[8080].Mode);
    }

    [Fact]
    public void Parse_YamlListAndJsonArray_BindEveryItem()
    {
        var fromList = ParseOk("""
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: a}}
            - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: b}}
            """);
        var fromArray = ParseOk("""
            [{"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "a"}},
             {"apiVersion": "networking.istio.io/v1", "kind": "Gateway", "metadata": {"name": "b"}}]
            """);
        var fromTypedList = ParseOk("""
            apiVersion: networking.istio.io/v1
            kind: GatewayList
            metadata: {resourceVersion: "7"}
            items:
            - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: a}}
            - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: b}}
            """);

        Assert.Equal(["a", "b"], fromList.Select(r => r.Metadata.Name));
        Assert.Equal(fromList, fromArray);
        Assert.Equal(fromList, fromTypedList);
    }

    [Fact]
    public void Parse_SameResourceAsYamlAndJson_GivesEqualRecords()
    {
        var yaml = ParseOk("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: r}
            spec:
              hosts: [r]
              http:
              - route: [{destination: {host: r}, weight: 100}]
                timeout: 1s
            """);
        var json = ParseOk("""{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"r"},"spec":{"hosts":["r"],"http":[{"route":[{"destination":{"host":"r"},"weight":100}],"timeout":"1s"}]}}""");

        Assert.Equal(yaml, json);
    }

    [Fact]
    public void Parse_EmptyDocumentsAndComments_AreSkipped()
    {
        var result = ConfigParser.Parse("""
            # leading comment
            ---
            ---
            # only a comment
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: g}
            ---
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Single(result.Resources);
        Assert.True(ConfigParser.Parse("").Succeeded);
        Assert.Empty(ConfigParser.Parse("# nothing\n").Resources);
    }

    [Fact]
    public void Parse_MissingNamespaceOrEmptyNamespace_UsesDefault()
    {
        var resources = ParseOk("""
            {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: a}}
            ---
            {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: b, namespace: ""}}
            """);

        Assert.All(resources, r => Assert.Equal("default", r.Metadata.Namespace));
    }

    [Fact]
    public void BindingPlans_EveryKindsSpecType_CanBeBound()
    {
        // Building the plan reflects the whole spec tree, so an unsupported field type in the model fails here.
        foreach (var kind in ResourceKinds.All)
        {
            var result = ConfigParser.Parse($"apiVersion: {kind.PreferredApiVersion}\nkind: {kind.Kind}\nmetadata: {{name: x}}\nspec: {{}}");
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.IsType(kind.ClrType, Assert.Single(result.Resources));
            AssertPlansBuild(kind.SpecType, []);
        }
    }

    private static void AssertPlansBuild(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || BindingPlans.For(type) is not ObjectPlan plan)
        {
            return;
        }

        Assert.True(plan.FieldNames.Count > 0 || type.GetProperties().All(p => p.SetMethod?.IsPublic != true), $"{type} has no bindable field"); // checknothing has none
        foreach (var property in type.GetProperties().Where(p => p.SetMethod?.IsPublic == true))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var nested = propertyType.IsGenericType ? propertyType.GetGenericArguments() : [propertyType];
            foreach (var argument in nested)
            {
                AssertPlansBuild(argument, seen);
            }
        }
    }
}
