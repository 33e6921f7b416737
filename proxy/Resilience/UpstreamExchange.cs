using System.Globalization;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// One forwarded request's trip through its route pipeline. YARP's forwarder hands it the outgoing request as if it
/// were the upstream client; it runs the Polly pipeline, whose every attempt goes through the shared upstream invoker,
/// and gives back one response, so YARP copies exactly one answer to the client. A retry or hedge picks an endpoint
/// the request has not tried when the balancer offers one. Per request; disposed when the forward ends, which releases
/// the endpoint leases its retries took.
/// </summary>
internal sealed class UpstreamExchange : HttpMessageInvoker
{
    private readonly HttpMessageInvoker _inner;
    private readonly RouteResilience _route;
    private readonly HttpContext _httpContext;
    private readonly ClusterEntry _entry;
    private readonly IUpstreamObserver _observer;
    private readonly int _hostSelectionAttempts;
    private Lock? _pickLock;
    private int _requestIndex;
    private int _attempts;
    private int _retries;
    private int _hedges;
    private int _faults;
    private int _retryOpen;
    private Endpoint _lastEndpoint;
    private List<int>? _tried;
    private List<EndpointLease>? _leases;
    private LoadBalancingContext? _balancing;
    private RequestSnapshot? _snapshot;

    public UpstreamExchange(
        HttpMessageInvoker inner, RouteResilience route, HttpContext httpContext, ClusterEntry entry, int endpointIndex,
        IUpstreamObserver observer, ResilienceOptions options)
        : base(UnusedHandler.Instance, disposeHandler: false)
    {
        _inner = inner;
        _route = route;
        _httpContext = httpContext;
        _entry = entry;
        _observer = observer;
        _hostSelectionAttempts = Math.Max(1, options.HostSelectionAttempts);
        _requestIndex = endpointIndex;
        _lastEndpoint = entry.Cluster.Endpoints[endpointIndex];
    }

    /// <summary>The outgoing request YARP built (the first attempt's, retargeted for retries).</summary>
    public HttpRequestMessage? Request { get; private set; }

    public RequestTraits Traits { get; private set; }

    /// <summary>True when extra requests may be sent: an idempotent method without a body.</summary>
    public bool CanHedge => _snapshot is not null;

    public int Retries => Volatile.Read(ref _retries);

    public int Hedges => Volatile.Read(ref _hedges);

    public InjectedFaults Faults => (InjectedFaults)Volatile.Read(ref _faults);

    public override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Request = request;
        Traits = RequestTraits.Of(request);
        if (_route.Policy.Hedging is not null && Traits is { HasBody: false, IsIdempotent: true })
        {
            _snapshot = RequestSnapshot.Of(request);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResilienceKeys.Exchange, this);
        try
        {
            var outcome = await _route.Pipeline.ExecuteOutcomeAsync(
                static (ctx, self) => self.AttemptAsync(ctx), context, this).ConfigureAwait(false);
            outcome.ThrowIfException();
            var response = outcome.Result!;
            AddFlags(response);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Writes the response flags (<see cref="ResilienceHeaders"/>) that apply to this request.</summary>
    public void AddFlags(IHeaderDictionary headers)
    {
        if (Retries > 0)
        {
            headers[ResilienceHeaders.Retries] = Retries.ToString(CultureInfo.InvariantCulture);
        }

        if (Hedges > 0)
        {
            headers[ResilienceHeaders.Hedges] = Hedges.ToString(CultureInfo.InvariantCulture);
        }

        if (Faults != InjectedFaults.None)
        {
            headers[ResilienceHeaders.Fault] = FaultFlag(Faults);
        }
    }

    internal bool TryBeginRetry()
    {
        if (!_observer.TryBeginRetry(_entry.Cluster))
        {
            return false;
        }

        Volatile.Write(ref _retryOpen, 1);
        return true;
    }

    internal void Retrying(int attempt, Outcome<HttpResponseMessage> outcome, TimeSpan delay, ResilienceMetrics metrics, ILogger logger)
    {
        Interlocked.Increment(ref _retries);
        var reason = outcome.Exception is { } exception
            ? AttemptFailures.Name(AttemptFailures.Classify(exception))
            : ((int)outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
        metrics.Retry(_route, reason);
        ResilienceLog.Retrying(logger, _route.Name, _route.ClusterName, attempt + 1, LastEndpoint, reason, (long)delay.TotalMilliseconds);
    }

    internal void RouteTimedOut(TimeSpan timeout, ResilienceMetrics metrics, ILogger logger)
    {
        metrics.Timeout(_route, "route");
        ResilienceLog.RouteTimedOut(logger, _route.Name, _route.ClusterName, (long)timeout.TotalMilliseconds, LastEndpoint);
    }

    internal void PerTryTimedOut(TimeSpan timeout, ResilienceMetrics metrics, ILogger logger)
    {
        metrics.Timeout(_route, "per_try");
        ResilienceLog.PerTryTimedOut(logger, _route.Name, _route.ClusterName, LastEndpoint, (long)timeout.TotalMilliseconds);
    }

    internal void FaultInjected(InjectedFaults fault, string kind, ResilienceMetrics metrics, ILogger logger)
    {
        Interlocked.Or(ref _faults, (int)fault);
        metrics.Fault(_route, kind);
        ResilienceLog.FaultInjected(logger, kind, _route.Name, _route.ClusterName);
    }

    internal void Hedged(int attempt, ResilienceMetrics metrics, ILogger logger)
    {
        Interlocked.Increment(ref _hedges);
        metrics.Hedge(_route);
        ResilienceLog.Hedging(logger, _route.Name, _route.ClusterName, attempt);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (Interlocked.Exchange(ref _retryOpen, 0) == 1)
            {
                _observer.EndRetry(_entry.Cluster);
            }

            if (Volatile.Read(ref _pickLock) is { } pickLock)
            {
                lock (pickLock)
                {
                    _leases?.ForEach(l => l.Dispose());
                    _leases = null;
                }
            }
        }

        base.Dispose(disposing);
    }

    private string LastEndpoint => Volatile.Read(ref _lastEndpoint).ToString();

    /// <summary>Guards endpoint picks, which only retries and hedges make (the first attempt takes no lock).</summary>
    private Lock PickLock => LazyInitializer.EnsureInitialized(ref _pickLock);

    private static string FaultFlag(InjectedFaults faults) => faults switch
    {
        InjectedFaults.Delay => "delay",
        InjectedFaults.Abort => "abort",
        _ => "delay,abort",
    };

    private void AddFlags(HttpResponseMessage response)
    {
        if (Retries > 0)
        {
            response.Headers.TryAddWithoutValidation(ResilienceHeaders.Retries, Retries.ToString(CultureInfo.InvariantCulture));
        }

        if (Hedges > 0)
        {
            response.Headers.TryAddWithoutValidation(ResilienceHeaders.Hedges, Hedges.ToString(CultureInfo.InvariantCulture));
        }

        if (Faults != InjectedFaults.None)
        {
            response.Headers.TryAddWithoutValidation(ResilienceHeaders.Fault, FaultFlag(Faults));
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context)
    {
        var number = Interlocked.Increment(ref _attempts);
        var hedged = context.Properties.TryGetValue(ResilienceKeys.HedgedAttempt, out _);
        var endsRetry = !hedged && number > 1 && Interlocked.Exchange(ref _retryOpen, 0) == 1;
        var endpoint = _lastEndpoint;
        try
        {
            HttpRequestMessage request = Request!;
            if (number > 1 || hedged)
            {
                lock (PickLock)
                {
                    var index = PickEndpoint();
                    endpoint = _entry.Cluster.Endpoints[index];
                    if (hedged)
                    {
                        request = _snapshot!.Create(endpoint, UpstreamTransports.Scheme(UpstreamTransports.Of(_entry, endpoint)));
                    }
                    else if (index != _requestIndex)
                    {
                        request.RequestUri = EndpointAddress.Retarget(request.RequestUri!, endpoint, UpstreamTransports.Scheme(UpstreamTransports.Of(_entry, endpoint)));
                        _requestIndex = index;
                    }
                }
            }

            Volatile.Write(ref _lastEndpoint, endpoint);
            var response = await _inner.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            _observer.AttemptCompleted(_entry.Cluster, endpoint, (int)response.StatusCode, null);
            return Outcome.FromResult(response);
        }
        catch (Exception ex)
        {
            var failure = AttemptFailures.Classify(ex);
            if (failure != AttemptFailure.Other)
            {
                _observer.AttemptCompleted(_entry.Cluster, endpoint, null, failure);
            }

            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        finally
        {
            if (endsRetry)
            {
                _observer.EndRetry(_entry.Cluster);
            }
        }
    }

    /// <summary>An endpoint for a retry or hedge, preferring one this request has not tried (called under the lock).</summary>
    private int PickEndpoint()
    {
        _tried ??= [_requestIndex];
        var endpoints = _entry.Cluster.Endpoints.Count;
        var preferOthers = _route.Policy.Retry.PreferOtherEndpoints || _route.Policy.Hedging is not null;
        if (endpoints == 1)
        {
            return 0;
        }

        _balancing ??= new HttpLoadBalancingContext(_httpContext);
        var chosen = -1;
        for (var i = 0; i < _hostSelectionAttempts; i++)
        {
            var pick = _entry.LoadBalancer.Pick(_balancing);
            if (!pick.HasEndpoint || pick.Index >= endpoints)
            {
                pick.Lease.Dispose();
                continue;
            }

            (_leases ??= []).Add(pick.Lease);
            chosen = pick.Index;
            if (!preferOthers || !_tried.Contains(chosen))
            {
                break;
            }
        }

        if (chosen < 0 || (preferOthers && _tried.Contains(chosen) && _tried.Count < endpoints))
        {
            // The balancer kept offering tried endpoints (e.g. consistent hashing): take the next untried one in order.
            for (var offset = 1; offset <= endpoints; offset++)
            {
                var candidate = (_requestIndex + offset) % endpoints;
                if (!_tried.Contains(candidate))
                {
                    chosen = candidate;
                    break;
                }
            }
        }

        if (chosen < 0)
        {
            chosen = _requestIndex;
        }

        _tried.Add(chosen);
        return chosen;
    }

    /// <summary>The base class needs a handler; every send is overridden, so this one is never called.</summary>
    private sealed class UnusedHandler : HttpMessageHandler
    {
        public static UnusedHandler Instance { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("An upstream exchange sends through its pipeline.");
    }
}
