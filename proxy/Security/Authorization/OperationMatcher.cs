using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// A compiled <c>to.operation</c>: every set field must hold (AND). <c>hosts</c> match the request's authority as sent
/// (with its port when it has one, as in Istio) ignoring case; <c>ports</c> the destination port; <c>methods</c> the
/// method exactly; <c>paths</c> the normalized path without the query, with Istio's exact, <c>prefix*</c>,
/// <c>*suffix</c> and <c>*</c> forms.
/// </summary>
public sealed class OperationMatcher
{
    private readonly ValuePatterns? _hosts, _notHosts, _methods, _notMethods, _paths, _notPaths;
    private readonly PortSet? _ports, _notPorts;

    public OperationMatcher(RuleOperation operation)
    {
        Operation = operation;
        _hosts = ValuePatterns.From(operation.Hosts, ignoreCase: true);
        _notHosts = ValuePatterns.From(operation.NotHosts, ignoreCase: true);
        _methods = ValuePatterns.From(operation.Methods);
        _notMethods = ValuePatterns.From(operation.NotMethods);
        _paths = ValuePatterns.From(operation.Paths);
        _notPaths = ValuePatterns.From(operation.NotPaths);
        _ports = PortSet.From(operation.Ports);
        _notPorts = PortSet.From(operation.NotPorts);
    }

    /// <summary>The operation as configured, for /debug/authz.</summary>
    public RuleOperation Operation { get; }

    public bool Matches(in AuthorizationRequest request) =>
        SourceMatcher.Holds(_hosts, _notHosts, request.Host)
        && SourceMatcher.Holds(_methods, _notMethods, request.Method)
        && SourceMatcher.Holds(_paths, _notPaths, request.Path)
        && (_ports is null || _ports.Contains(request.DestinationPort))
        && (_notPorts is null || !_notPorts.Contains(request.DestinationPort));
}
