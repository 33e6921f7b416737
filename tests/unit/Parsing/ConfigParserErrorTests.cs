using GatewayMesh.Core.Config.Parsing;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

public class ConfigParserErrorTests
{
    /// <summary>Every kind the parser knows, in registration order, as the "unknown kind" messages list them.</summary>
    private static string SupportedKinds => string.Join(", ", GatewayMesh.Core.Config.Model.ResourceKinds.All.Select(k => k.Kind));

    private const string VirtualServiceHeader = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: bookinfo

        """;

    private static string[] Errors(string yaml, string? sourceName = null, ParseLimits? limits = null)
    {
        var result = ConfigParser.Parse(yaml, sourceName, limits);
        Assert.False(result.Succeeded);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    [Fact]
    public void Parse_UnknownFieldInRoute_ReportsPathAndHint()
    {
        var errors = Errors(VirtualServiceHeader + """
            spec:
              hosts: [reviews]
              http:
              - rout:
                - destination: {host: reviews}
            """);

        Assert.Equal(["VirtualService bookinfo/reviews: spec.http[0].rout: unknown field \"rout\" (did you mean \"route\"?)"], errors);
    }

    [Fact]
    public void Parse_WrongType_ReportsExpectedAndActual()
    {
        Assert.Equal(
            ["VirtualService bookinfo/reviews: spec.hosts: expected a list, got the string \"reviews\""],
            Errors(VirtualServiceHeader + "spec:\n  hosts: reviews"));
    }

    [Fact]
    public void Parse_QuotedWeight_IsATypeError()
    {
        Assert.Equal(
            ["VirtualService bookinfo/reviews: spec.http[0].route[1].weight: expected an integer, got the string \"10\" (remove the quotes)"],
            Errors(VirtualServiceHeader + """
                spec:
                  http:
                  - route:
                    - destination: {host: reviews, subset: v1}
                      weight: 90
                    - destination: {host: reviews, subset: v2}
                      weight: "10"
                """));
    }

    [Fact]
    public void Parse_PlainNumberAsHeaderMatch_AsksToQuoteIt()
    {
        Assert.Equal(
            ["VirtualService bookinfo/reviews: spec.http[0].match[0].headers[x-version].exact: expected a string, got the number 2 (quote it to use it as a string: \"2\")"],
            Errors(VirtualServiceHeader + "spec:\n  http:\n  - match:\n    - headers:\n        x-version: {exact: 2}"));
    }

    [Fact]
    public void Parse_BadDuration_ReportsTheDurationError()
    {
        Assert.Equal(
            ["VirtualService bookinfo/reviews: spec.http[0].timeout: invalid duration \"10\": missing unit (use ms, s, m or h)"],
            Errors(VirtualServiceHeader + "spec:\n  http:\n  - timeout: 10"));
    }

    [Fact]
    public void Parse_BadEnum_ListsAcceptedValues()
    {
        Assert.Equal(
            ["PeerAuthentication default/p: spec.mtls.mode: invalid value \"STRICTT\": expected one of UNSET, DISABLE, PERMISSIVE, STRICT (did you mean \"STRICT\"?)"],
            Errors("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  mtls: {mode: STRICTT}"));
    }

    [Fact]
    public void Parse_BadPortKey_NamesTheKey()
    {
        Assert.Equal(
            ["PeerAuthentication default/p: spec.portLevelMtls[http]: invalid key \"http\": expected an integer"],
            Errors("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  portLevelMtls: {http: {mode: STRICT}}"));
    }

    [Fact]
    public void Parse_UnknownKind_ListsSupportedKinds()
    {
        Assert.Equal(
            [
                $"document 1: kind: unknown kind \"VirtualServce\" (did you mean \"VirtualService\"?): expected one of {SupportedKinds}",
            ],
            Errors("apiVersion: networking.istio.io/v1\nkind: VirtualServce\nmetadata: {name: r}\nspec: {hosts: [r]}"));
    }

    [Fact]
    public void Parse_BadApiVersion_ListsAcceptedVersions()
    {
        Assert.Equal(
            ["Gateway default/g: apiVersion: unsupported apiVersion \"networking.istio.io/v2\" for Gateway: expected one of networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3"],
            Errors("apiVersion: networking.istio.io/v2\nkind: Gateway\nmetadata: {name: g}"));
        Assert.Equal(
            ["PeerAuthentication default/p: apiVersion: unsupported apiVersion \"networking.istio.io/v1\" for PeerAuthentication: expected one of security.istio.io/v1, security.istio.io/v1beta1"],
            Errors("apiVersion: networking.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}"));
    }

    [Fact]
    public void Parse_MissingEnvelopeFields_ReportsEach()
    {
        Assert.Equal(
            [
                $"document 1: kind: required field is missing (expected one of {SupportedKinds})",
                "document 1: apiVersion: required field is missing (expected networking.istio.io/v1, security.istio.io/v1 or dapr.io/v1alpha1)",
                "document 1: metadata: required field is missing",
            ],
            Errors("spec: {}"));
        Assert.Equal(
            ["document 1: metadata.name: required field is missing"],
            Errors("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {namespace: x}"));
    }

    [Fact]
    public void Parse_UnknownTopLevelField_IsAnErrorButStatusIsIgnored()
    {
        Assert.Equal(
            ["Gateway default/g: sepc: unknown field \"sepc\" (did you mean \"spec\"?)"],
            Errors("apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nsepc: {}\nstatus: {conditions: []}"));
    }

    [Fact]
    public void Parse_UnknownMetadataField_IsAnErrorButServerFieldsAreIgnored()
    {
        Assert.Equal(
            ["Gateway default/g: metadata.lables: unknown field \"lables\" (did you mean \"labels\"?)"],
            Errors("""
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata:
                  name: g
                  uid: 1234
                  generation: 2
                  creationTimestamp: "2024-01-01T00:00:00Z"
                  managedFields: [{manager: kubectl}]
                  finalizers: [x]
                  ownerReferences: []
                  selfLink: /apis/x
                  generateName: g-
                  deletionTimestamp: null
                  deletionGracePeriodSeconds: 30
                  lables: {app: g}
                """));
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsBothLines()
    {
        Assert.Equal(
            ["VirtualService bookinfo/reviews: spec.hosts: duplicate key \"hosts\" at line 8 (first set at line 7)"],
            Errors(VirtualServiceHeader + "spec:\n  hosts: [a]\n  hosts: [b]"));
        Assert.Equal(
            ["Gateway default/g: metadata.labels[app]: duplicate key \"app\" at line 1 (first set at line 1)"],
            Errors("{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"Gateway\",\"metadata\":{\"name\":\"g\",\"labels\":{\"app\":\"a\",\"app\":\"b\"}}}"));
    }

    [Fact]
    public void Parse_YamlSyntaxError_NamesDocumentAndPosition()
    {
        var errors = Errors("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: ok}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: broken
             namespace: x
            """, "gw.yaml");

        var error = Assert.Single(errors);
        Assert.StartsWith("gw.yaml document 2: YAML syntax error at line 9, column ", error);
    }

    [Fact]
    public void Parse_UnclosedFlowSequence_IsASyntaxErrorNotACrash()
    {
        var error = Assert.Single(Errors("spec: {hosts: [a, b\nkind: Gateway"));
        Assert.StartsWith("document 1: YAML syntax error ", error);
        Assert.Contains("line 2", error);
    }

    [Fact]
    public void Parse_DocumentWithErrors_DoesNotStopOtherDocuments()
    {
        var result = ConfigParser.Parse("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: bad}
            spec: {servers: {}}
            ---
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: good}
            """);

        Assert.Equal(["Gateway default/bad: spec.servers: expected a list, got a mapping"], result.Errors.Select(e => e.ToString()));
        Assert.Equal("good", Assert.Single(result.Resources).Metadata.Name);
    }

    [Fact]
    public void Parse_ManyErrorsInOneDocument_ReportsAll()
    {
        var errors = Errors(VirtualServiceHeader + """
            spec:
              host: [reviews]
              http:
              - match:
                - uri: {prefx: /api}
                  port: "8080"
                route:
                - destination: {host: reviews, port: {number: 99999999999}}
                  weight: 50.5
                timeout: 1x
                retries: {attempts: 3, perTryTimeout: 2}
            labels: {}
            """);

        Assert.Equal(
            [
                "VirtualService bookinfo/reviews: spec.host: unknown field \"host\" (did you mean \"hosts\"?)",
                "VirtualService bookinfo/reviews: spec.http[0].match[0].uri.prefx: unknown field \"prefx\" (did you mean \"prefix\"?)",
                "VirtualService bookinfo/reviews: spec.http[0].match[0].port: expected an integer, got the string \"8080\" (remove the quotes)",
                "VirtualService bookinfo/reviews: spec.http[0].route[0].destination.port.number: value 99999999999 is out of range for a 32-bit integer (-2147483648 to 2147483647)",
                "VirtualService bookinfo/reviews: spec.http[0].route[0].weight: expected an integer, got the number 50.5",
                "VirtualService bookinfo/reviews: spec.http[0].timeout: invalid duration \"1x\": unknown unit \"x\" (use ns, us, ms, s, m or h)",
                "VirtualService bookinfo/reviews: spec.http[0].retries.perTryTimeout: invalid duration \"2\": missing unit (use ms, s, m or h)",
                "VirtualService bookinfo/reviews: labels: unknown field \"labels\"",
            ],
            errors);
    }

    [Fact]
    public void Parse_UnidentifiedItemOfList_NamesItsPathFromTheDocument()
    {
        var errors = Errors("""
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: ok}}
            - {apiVersion: networking.istio.io/v1, kind: Gatewy, metadata: {name: typo}}
            - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: bad}, spec: {selector: []}}
            - just text
            """, "list.yaml");

        Assert.Equal(
            [
                $"list.yaml document 1: items[1].kind: unknown kind \"Gatewy\" (did you mean \"Gateway\"?): expected one of {SupportedKinds}",
                "Gateway default/bad: spec.selector: expected a mapping, got a list",
                "list.yaml document 1: items[3]: expected a resource (a mapping with apiVersion, kind, metadata and spec), got the string \"just text\"",
            ],
            errors);
    }

    [Fact]
    public void Parse_ScalarDocument_IsAnError()
    {
        Assert.Equal(["b.yaml document 1: expected a resource (a mapping with apiVersion, kind, metadata and spec), got the string \"hello\""], Errors("hello", "b.yaml"));
    }
}
