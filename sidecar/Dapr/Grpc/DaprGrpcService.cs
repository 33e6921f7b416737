using Dapr.Client.Autogen.Grpc.v1;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Http;
using GatewayMesh.Sidecar.Dapr.Invocation;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.State;
using GatewayMesh.Sidecar.Dapr.Subscriptions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using GrpcConfigurationItem = Dapr.Client.Autogen.Grpc.v1.ConfigurationItem;
using StateConcurrency = GatewayMesh.Sidecar.Dapr.State.StateConcurrency;

namespace GatewayMesh.Sidecar.Dapr.Grpc;

/// <summary>
/// The calls of <c>dapr.proto.runtime.v1.Dapr</c> the sidecar implements, on the message types <c>Dapr.Protos</c> ships
/// (bound by <see cref="DaprMethodProvider"/>). Each answers daprd's status codes through <see cref="DaprApiException"/>.
/// </summary>
public sealed class DaprGrpcService(DaprRuntime runtime, SubscriptionManager subscriptions, ServiceInvocation invocation)
{
    private static readonly Empty EmptyReply = new();

    public Task<InvokeResponse> InvokeService(InvokeServiceRequest request, ServerCallContext context) => invocation.InvokeGrpcAsync(request, context);

    public async Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        Limits.CheckMetadata(request.Metadata, runtime.Options);
        var entry = await runtime.StateStore(request.StoreName).GetAsync(Limits.Key(request.Key, runtime.Options));
        return entry.Found ? new GetStateResponse { Data = ByteString.CopyFrom(entry.Data), Etag = entry.ETag ?? "" } : new GetStateResponse();
    }

    public async Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        var store = runtime.StateStore(request.StoreName);
        Limits.Bulk(request.Keys.Count, runtime.Options);
        var items = await Task.WhenAll(request.Keys.Select(async key =>
        {
            try
            {
                var entry = await store.GetAsync(Limits.Key(key, runtime.Options));
                return entry.Found ? new BulkStateItem { Key = key, Data = ByteString.CopyFrom(entry.Data), Etag = entry.ETag ?? "" } : new BulkStateItem { Key = key };
            }
            catch (DaprApiException ex)
            {
                return new BulkStateItem { Key = key, Error = ex.Message };
            }
        }));
        var response = new GetBulkStateResponse();
        response.Items.AddRange(items);
        return response;
    }

    public async Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        var store = runtime.StateStore(request.StoreName);
        Limits.Bulk(request.States.Count, runtime.Options);
        var operations = request.States.Select(Upsert).ToList();
        foreach (var operation in operations)
        {
            await store.ApplyAsync([operation], "ERR_STATE_SAVE");
        }

        return EmptyReply;
    }

    public async Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        Limits.CheckMetadata(request.Metadata, runtime.Options);
        await runtime.StateStore(request.StoreName).ApplyAsync(
            [new StateOperation(Limits.Key(request.Key, runtime.Options), null, request.Etag?.Value, Concurrency(request.Options), null)], "ERR_STATE_DELETE");
        return EmptyReply;
    }

    public async Task<Empty> DeleteBulkState(DeleteBulkStateRequest request, ServerCallContext context)
    {
        var store = runtime.StateStore(request.StoreName);
        Limits.Bulk(request.States.Count, runtime.Options);
        foreach (var item in request.States)
        {
            await store.ApplyAsync([new StateOperation(Limits.Key(item.Key, runtime.Options), null, item.Etag?.Value, Concurrency(item.Options), null)], "ERR_STATE_DELETE");
        }

        return EmptyReply;
    }

    public async Task<Empty> ExecuteStateTransaction(ExecuteStateTransactionRequest request, ServerCallContext context)
    {
        var store = runtime.StateStore(request.StoreName);
        Limits.Bulk(request.Operations.Count, runtime.Options);
        var operations = request.Operations.Select(o => o.OperationType switch
        {
            "upsert" => Upsert(o.Request),
            "delete" => new StateOperation(Limits.Key(o.Request.Key, runtime.Options), null, o.Request.Etag?.Value, Concurrency(o.Request.Options), null),
            _ => throw DaprErrors.Malformed($"operation type {o.OperationType} not supported"),
        }).ToList();
        await store.ApplyAsync(operations, "ERR_STATE_TRANSACTION");
        return EmptyReply;
    }

    public async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        await runtime.PublishAsync(request.PubsubName, request.Topic, request.Data.Memory,
            string.IsNullOrEmpty(request.DataContentType) ? "text/plain" : request.DataContentType, request.Metadata,
            context.RequestHeaders.GetValue("traceparent"), context.RequestHeaders.GetValue("tracestate"));
        return EmptyReply;
    }

    public async Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context)
    {
        runtime.PubSub(request.PubsubName);
        Limits.Bulk(request.Entries.Count, runtime.Options);
        var response = new BulkPublishResponse();
        foreach (var entry in request.Entries)
        {
            try
            {
                var metadata = new Dictionary<string, string>(request.Metadata, StringComparer.Ordinal);
                foreach (var (key, value) in entry.Metadata)
                {
                    metadata[key] = value;
                }

                await runtime.PublishAsync(request.PubsubName, request.Topic, entry.Event.Memory, entry.ContentType, metadata, null, null);
            }
            catch (DaprApiException ex)
            {
                response.FailedEntries.Add(new BulkPublishResponseFailedEntry { EntryId = entry.EntryId, Error = ex.Message });
            }
        }

        return response;
    }

    public async Task<GetConfigurationResponse> GetConfiguration(GetConfigurationRequest request, ServerCallContext context)
    {
        var keys = request.Keys.Select(k => Limits.Key(k, runtime.Options)).ToList();
        var items = await runtime.ConfigurationStore(request.StoreName).GetAsync(keys);
        var response = new GetConfigurationResponse();
        foreach (var (key, value) in items)
        {
            response.Items[key] = new GrpcConfigurationItem { Value = value.Value, Version = value.Version };
        }

        return response;
    }

    /// <summary>First message: the subscription id alone (as daprd sends it); then one message per change.</summary>
    public async Task SubscribeConfiguration(SubscribeConfigurationRequest request, IServerStreamWriter<SubscribeConfigurationResponse> stream, ServerCallContext context)
    {
        var store = runtime.ConfigurationStore(request.StoreName);
        var keys = request.Keys.Select(k => Limits.Key(k, runtime.Options)).ToList();
        var (id, updates) = await store.SubscribeAsync(keys, context.CancellationToken);
        try
        {
            await stream.WriteAsync(new SubscribeConfigurationResponse { Id = id });
            await foreach (var items in updates.ReadAllAsync(context.CancellationToken))
            {
                var message = new SubscribeConfigurationResponse { Id = id };
                foreach (var (key, value) in items)
                {
                    message.Items[key] = new GrpcConfigurationItem { Value = value.Value, Version = value.Version };
                }

                await stream.WriteAsync(message);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // the client went away
        }
        finally
        {
            store.Unsubscribe(id);
        }
    }

    public Task<UnsubscribeConfigurationResponse> UnsubscribeConfiguration(UnsubscribeConfigurationRequest request, ServerCallContext context)
    {
        var ok = runtime.ConfigurationStore(request.StoreName).Unsubscribe(request.Id);
        return Task.FromResult(new UnsubscribeConfigurationResponse { Ok = ok, Message = ok ? "" : $"subscription with id {request.Id} does not exist" });
    }

    public Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context)
    {
        var response = new GetMetadataResponse
        {
            Id = runtime.Options.AppId,
            RuntimeVersion = MetadataHttp.RuntimeVersion,
            AppConnectionProperties = new AppConnectionProperties { Port = runtime.Options.AppPort, Protocol = "http", ChannelAddress = "127.0.0.1" },
        };
        foreach (var component in runtime.Components.Loaded.Where(c => c.Error is null))
        {
            var registered = new RegisteredComponents { Name = component.Definition.Metadata.Name, Type = component.Definition.Spec.Type, Version = component.Definition.Spec.Version ?? "v1" };
            registered.Capabilities.AddRange(MetadataHttp.Capabilities(component.Definition.Spec.Type));
            response.RegisteredComponents.Add(registered);
        }

        foreach (var (key, value) in runtime.ExtendedMetadata())
        {
            response.ExtendedMetadata[key] = value;
        }

        foreach (var subscription in subscriptions.Active)
        {
            var item = new PubsubSubscription
            {
                PubsubName = subscription.PubSub,
                Topic = subscription.Topic,
                DeadLetterTopic = subscription.DeadLetterTopic ?? "",
                Rules = new PubsubSubscriptionRules(),
                Type = subscription.Type == TopicSubscription.Declarative ? PubsubSubscriptionType.Declarative : PubsubSubscriptionType.Programmatic,
            };
            foreach (var (key, value) in subscription.Metadata)
            {
                item.Metadata[key] = value;
            }

            item.Rules.Rules.AddRange(subscription.Rules.Select(r => new PubsubSubscriptionRule { Match = r.Match, Path = TopicSubscription.NormalizePath(r.Path) }));
            if (subscription.DefaultPath is { } path)
            {
                item.Rules.Rules.Add(new PubsubSubscriptionRule { Path = TopicSubscription.NormalizePath(path) });
            }

            response.Subscriptions.Add(item);
        }

        return Task.FromResult(response);
    }

    public Task<Empty> SetMetadata(SetMetadataRequest request, ServerCallContext context)
    {
        runtime.SetMetadata(request.Key, request.Value);
        return Task.FromResult(EmptyReply);
    }

    private StateOperation Upsert(StateItem item)
    {
        Limits.CheckMetadata(item.Metadata, runtime.Options);
        return new StateOperation(Limits.Key(item.Key, runtime.Options), item.Value.Memory, item.Etag?.Value, Concurrency(item.Options), DaprRuntime.Ttl(item.Metadata));
    }

    private static StateConcurrency Concurrency(StateOptions? options) => options?.Concurrency switch
    {
        StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite => StateConcurrency.FirstWrite,
        StateOptions.Types.StateConcurrency.ConcurrencyLastWrite => StateConcurrency.LastWrite,
        _ => StateConcurrency.Unspecified,
    };
}
