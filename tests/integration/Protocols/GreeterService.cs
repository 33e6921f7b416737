using Grpc.Core;
using GatewayMesh.IntegrationTests.Protocols.Grpc;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>The test gRPC service: echoes the name with the :authority it saw, counts, or fails with the requested detail.</summary>
public sealed class GreeterService : Greeter.GreeterBase
{
    public const string ServedByTrailer = "x-served-by";
    public const string ReasonTrailer = "x-reason";

    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context)
    {
        context.ResponseTrailers.Add(ServedByTrailer, "greeter-app");
        return Task.FromResult(new HelloReply { Message = $"hello {request.Name} at {context.Host} over {context.GetHttpContext().Request.Protocol}" });
    }

    public override async Task Count(CountRequest request, IServerStreamWriter<CountReply> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= request.To; i++)
        {
            await responseStream.WriteAsync(new CountReply { Value = i }, context.CancellationToken);
        }

        context.ResponseTrailers.Add(ServedByTrailer, "greeter-app");
    }

    public override Task<HelloReply> Fail(FailRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.FailedPrecondition, request.Detail), new Metadata { { ReasonTrailer, "asked-to-fail" } });
}
