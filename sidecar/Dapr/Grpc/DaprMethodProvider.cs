using Dapr.Client.Autogen.Grpc.v1;
using GatewayMesh.Sidecar.Dapr.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace GatewayMesh.Sidecar.Dapr.Grpc;

/// <summary>
/// Binds <c>dapr.proto.runtime.v1.Dapr</c> by hand: every method of the service descriptor that <c>Dapr.Protos</c> ships
/// is registered, the implemented ones to <see cref="DaprGrpcService"/> (with daprd's status codes), every other one to
/// a handler answering <c>Unimplemented</c> with a message naming the call.
/// </summary>
internal sealed class DaprMethodProvider : IServiceMethodProvider<DaprGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = DaprReflection.Descriptor.Services.Single(s => s.Name == "Dapr");
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<DaprGrpcService> context)
    {
        var bound = new HashSet<string>(StringComparer.Ordinal);
        void Unary<TRequest, TResponse>(string name, MessageParser<TRequest> parser, Func<DaprGrpcService, TRequest, ServerCallContext, Task<TResponse>> handler)
            where TRequest : class, IMessage<TRequest>
            where TResponse : class, IMessage<TResponse>
        {
            var method = new Method<TRequest, TResponse>(MethodType.Unary, Service.FullName, name,
                Marshallers.Create<TRequest>(m => m.ToByteArray(), parser.ParseFrom),
                Marshallers.Create<TResponse>(m => m.ToByteArray(), _ => throw new NotSupportedException()));
            context.AddUnaryMethod(method, [], async (service, request, call) =>
            {
                try
                {
                    return await handler(service, request, call);
                }
                catch (DaprApiException ex)
                {
                    throw ex.ToRpcException();
                }
            });
            bound.Add(name);
        }

        Unary("InvokeService", InvokeServiceRequest.Parser, (s, r, c) => s.InvokeService(r, c));
        Unary("GetState", GetStateRequest.Parser, (s, r, c) => s.GetState(r, c));
        Unary("GetBulkState", GetBulkStateRequest.Parser, (s, r, c) => s.GetBulkState(r, c));
        Unary("SaveState", SaveStateRequest.Parser, (s, r, c) => s.SaveState(r, c));
        Unary("DeleteState", DeleteStateRequest.Parser, (s, r, c) => s.DeleteState(r, c));
        Unary("DeleteBulkState", DeleteBulkStateRequest.Parser, (s, r, c) => s.DeleteBulkState(r, c));
        Unary("ExecuteStateTransaction", ExecuteStateTransactionRequest.Parser, (s, r, c) => s.ExecuteStateTransaction(r, c));
        Unary("PublishEvent", PublishEventRequest.Parser, (s, r, c) => s.PublishEvent(r, c));
        Unary("BulkPublishEventAlpha1", BulkPublishRequest.Parser, (s, r, c) => s.BulkPublishEvent(r, c));
        Unary("BulkPublishEvent", BulkPublishRequest.Parser, (s, r, c) => s.BulkPublishEvent(r, c));
        Unary("GetConfiguration", GetConfigurationRequest.Parser, (s, r, c) => s.GetConfiguration(r, c));
        Unary("GetConfigurationAlpha1", GetConfigurationRequest.Parser, (s, r, c) => s.GetConfiguration(r, c));
        Unary("UnsubscribeConfiguration", UnsubscribeConfigurationRequest.Parser, (s, r, c) => s.UnsubscribeConfiguration(r, c));
        Unary("UnsubscribeConfigurationAlpha1", UnsubscribeConfigurationRequest.Parser, (s, r, c) => s.UnsubscribeConfiguration(r, c));
        Unary("GetMetadata", GetMetadataRequest.Parser, (s, r, c) => s.GetMetadata(r, c));
        Unary("SetMetadata", SetMetadataRequest.Parser, (s, r, c) => s.SetMetadata(r, c));
        foreach (var name in new[] { "SubscribeConfiguration", "SubscribeConfigurationAlpha1" })
        {
            var method = new Method<SubscribeConfigurationRequest, SubscribeConfigurationResponse>(MethodType.ServerStreaming, Service.FullName, name,
                Marshallers.Create<SubscribeConfigurationRequest>(m => m.ToByteArray(), SubscribeConfigurationRequest.Parser.ParseFrom),
                Marshallers.Create<SubscribeConfigurationResponse>(m => m.ToByteArray(), _ => throw new NotSupportedException()));
            context.AddServerStreamingMethod(method, [], async (service, request, stream, call) =>
            {
                try
                {
                    await service.SubscribeConfiguration(request, stream, call);
                }
                catch (DaprApiException ex)
                {
                    throw ex.ToRpcException();
                }
            });
            bound.Add(name);
        }

        foreach (var descriptor in Service.Methods.Where(m => !bound.Contains(m.Name)))
        {
            AddUnimplemented(context, descriptor);
        }
    }

    private static void AddUnimplemented(ServiceMethodProviderContext<DaprGrpcService> context, MethodDescriptor descriptor)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, Service.FullName, descriptor.Name, Raw, Raw);
        var error = DaprErrors.NotImplemented($"{Service.FullName}/{descriptor.Name}").ToRpcException();
        switch (type)
        {
            case MethodType.Unary:
                context.AddUnaryMethod(method, [], (_, _, _) => Task.FromException<byte[]>(error));
                break;
            case MethodType.ServerStreaming:
                context.AddServerStreamingMethod(method, [], (_, _, _, _) => Task.FromException(error));
                break;
            case MethodType.ClientStreaming:
                context.AddClientStreamingMethod(method, [], (_, _, _) => Task.FromException<byte[]>(error));
                break;
            default:
                context.AddDuplexStreamingMethod(method, [], (_, _, _, _) => Task.FromException(error));
                break;
        }
    }
}
