using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// A compiled <c>when</c> condition: the attribute must match one of <c>values</c> (when set) and none of
/// <c>notValues</c>. IP attributes take CIDR blocks, <c>destination.port</c> port numbers, the rest Istio's string
/// patterns. A header with several values is matched as one comma-joined string. An absent attribute fails
/// <c>values</c> and passes <c>notValues</c>.
/// </summary>
public sealed class ConditionMatcher
{
    private readonly ConditionAttribute _attribute;
    private readonly string? _header;
    private readonly ValuePatterns? _values, _notValues;
    private readonly IpBlocks? _ipValues, _ipNotValues;
    private readonly PortSet? _portValues, _portNotValues;

    public ConditionMatcher(RuleCondition condition)
    {
        Condition = condition;
        (_attribute, _header) = ConditionKey.Parse(condition.Key);
        switch (_attribute)
        {
            case ConditionAttribute.SourceIp or ConditionAttribute.RemoteIp or ConditionAttribute.DestinationIp:
                _ipValues = IpBlocks.From(condition.Values);
                _ipNotValues = IpBlocks.From(condition.NotValues);
                break;
            case ConditionAttribute.DestinationPort:
                _portValues = PortSet.From(condition.Values);
                _portNotValues = PortSet.From(condition.NotValues);
                break;
            default:
                _values = ValuePatterns.From(condition.Values);
                _notValues = ValuePatterns.From(condition.NotValues);
                break;
        }
    }

    /// <summary>The condition as configured, for /debug/authz.</summary>
    public RuleCondition Condition { get; }

    public bool Matches(in AuthorizationRequest request) => _attribute switch
    {
        ConditionAttribute.SourceIp => Ips(request.SourceIp),
        ConditionAttribute.RemoteIp => Ips(request.RemoteIp),
        ConditionAttribute.DestinationIp => Ips(request.DestinationIp),
        ConditionAttribute.DestinationPort =>
            (_portValues is null || _portValues.Contains(request.DestinationPort))
            && (_portNotValues is null || !_portNotValues.Contains(request.DestinationPort)),
        ConditionAttribute.RequestHeader => Strings(request.Headers.Header(_header!)),
        ConditionAttribute.SourceNamespace => Strings(request.Peer?.Namespace),
        ConditionAttribute.SourcePrincipal => Strings(request.Peer?.Principal),
        ConditionAttribute.SourceServiceAccount => Strings(request.Peer?.ServiceAccount),
        ConditionAttribute.ConnectionSni => Strings(request.Sni),
        ConditionAttribute.RequestPrincipal => Strings(request.RequestPrincipal),
        ConditionAttribute.RequestPresenter => Strings(request.RequestPresenter),
        ConditionAttribute.RequestAudiences => AnyString(request.RequestAudiences),
        ConditionAttribute.RequestClaim => AnyString(request.RequestClaims?.GetValueOrDefault(_header!)),
        _ => Strings(null),
    };

    private bool Ips(System.Net.IPAddress? address) =>
        (_ipValues is null || _ipValues.Any(address)) && (_ipNotValues is null || !_ipNotValues.Any(address));

    private bool Strings(string? value) => SourceMatcher.Holds(_values, _notValues, value);

    /// <summary>
    /// A list attribute (audiences, a list claim): <c>values</c> hold when any item matches one, <c>notValues</c> when
    /// no item matches any (Envoy's list matcher); an absent or empty list is absent.
    /// </summary>
    private bool AnyString(IReadOnlyList<string>? items)
    {
        if (items is null || items.Count == 0)
        {
            return Strings(null);
        }

        var anyValue = _values is null;
        for (var i = 0; i < items.Count; i++)
        {
            if (_notValues is not null && _notValues.Any(items[i]))
            {
                return false;
            }

            anyValue |= _values is not null && _values.Any(items[i]);
        }

        return anyValue;
    }
}
