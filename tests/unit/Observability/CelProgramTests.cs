using GatewayMesh.Core.Expressions;
using Xunit;

namespace GatewayMesh.UnitTests.Observability;

public sealed class CelProgramTests
{
    private sealed class Activation(Dictionary<CelAttribute, CelValue> values, Dictionary<string, string>? headers = null) : ICelActivation
    {
        public CelValue Get(CelAttribute attribute) => values.TryGetValue(attribute, out var v) ? v : CelValue.Null;

        public string? Header(string name, bool response) => headers is not null && headers.TryGetValue(name, out var v) ? v : null;
    }

    private static readonly Activation Request = new(
        new()
        {
            [CelAttribute.ResponseCode] = CelValue.Of(503L),
            [CelAttribute.RequestUrlPath] = CelValue.Of("/api/v1/products/0"),
            [CelAttribute.RequestHost] = CelValue.Of("productpage:9080"),
            [CelAttribute.DestinationPort] = CelValue.Of(9080L),
            [CelAttribute.XdsClusterName] = CelValue.Of("PassthroughCluster"),
            [CelAttribute.ConnectionMtls] = CelValue.True,
        },
        new() { ["x-user-type"] = "dev" });

    [Theory]
    [InlineData("response.code >= 400", true)]
    [InlineData("response.code >= 500 && response.code < 600", true)]
    [InlineData("response.code == 200", false)]
    [InlineData("!(response.code < 500)", true)]
    [InlineData("response.code >= 400 || xds.cluster_name == 'BlackHoleCluster' || xds.cluster_name == 'PassthroughCluster'", true)]
    [InlineData("request.url_path.startsWith('/api') && request.url_path.contains('products')", true)]
    [InlineData("request.url_path.matches('^/api/v[0-9]+/')", true)]
    [InlineData("request.headers['x-user-type'] == 'dev'", true)]
    [InlineData("request.headers['X-User-Type'] == 'dev'", true)]
    [InlineData("'x-user-type' in request.headers", true)]
    [InlineData("'x-missing' in request.headers", false)]
    [InlineData("request.headers['x-missing'] == 'dev'", false)]
    [InlineData("request.headers['x-missing'] == 'dev' || response.code == 503", true)]
    [InlineData("connection.mtls", true)]
    [InlineData("size(request.url_path) > 5 ? true : false", true)]
    [InlineData("response.code * 2 - 6 == 1000", true)]
    [InlineData("int('42') == 42 && double(response.code) > 502.5", true)]
    public void IsTrue_DocumentedForms_EvaluateAsCelDoes(string expression, bool expected)
    {
        Assert.Equal(expected, CelProgram.Compile(expression).IsTrue(Request));
    }

    [Theory]
    [InlineData("request.host", "productpage:9080")]
    [InlineData("string(destination.port)", "9080")]
    [InlineData("'literal'", "literal")]
    [InlineData("request.host + '/' + string(response.code)", "productpage:9080/503")]
    public void Evaluate_TagValueExpressions_GiveText(string expression, string expected)
    {
        Assert.Equal(expected, CelProgram.Compile(expression).Evaluate(Request).ToText());
    }

    [Theory]
    [InlineData("response.code >=", "at 16: expected a value, got 'end of expression'")]
    [InlineData("response.cod == 1", "at 0: unknown attribute 'response.cod'")]
    [InlineData("foo(1)", "at 0: unknown function 'foo'")]
    [InlineData("request.headers[response.code]", "at 16: a header name must be a quoted string")]
    [InlineData("request.url_path.matches('(a)\\\\1')", "invalid regex")]
    [InlineData("'unterminated", "at 0: unterminated string")]
    [InlineData("1 $ 2", "at 2: unexpected character '$'")]
    public void TryCompile_BadExpressions_SayWhereAndWhy(string expression, string expected)
    {
        Assert.False(CelProgram.TryCompile(expression, out _, out var errors));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void TryCompile_DeepNesting_IsRefused()
    {
        var deep = new string('(', 100) + "1" + new string(')', 100);
        Assert.False(CelProgram.TryCompile(deep, out _, out var errors));
        Assert.Contains(errors, e => e.Contains("nested deeper than 32 levels", StringComparison.Ordinal));
        Assert.False(CelProgram.TryCompile(new string('!', 100) + "true", out _, out _));
    }

    [Fact]
    public void Equals_SameText_IsEqual()
    {
        Assert.Equal(CelProgram.Compile("response.code >= 400"), CelProgram.Compile("response.code >= 400"));
        Assert.NotEqual(CelProgram.Compile("response.code >= 400"), CelProgram.Compile("response.code >= 500"));
    }
}
