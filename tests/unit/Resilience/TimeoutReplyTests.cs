using GatewayMesh.Proxy.Forwarding;
using Polly.Timeout;
using Xunit;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.UnitTests.Resilience;

public sealed class TimeoutReplyTests
{
    [Fact]
    public void Map_PipelineTimedOut_504UpstreamRequestTimeout()
    {
        Assert.Equal((504, "upstream request timeout"), ForwarderErrors.Map(ForwarderError.Request, new TimeoutRejectedException()));
    }
}
