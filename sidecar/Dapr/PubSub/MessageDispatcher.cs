using StackExchange.Redis;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>Turns a stream entry into the CloudEvent the app gets, routes it by the subscription's rules and delivers it.</summary>
public sealed class MessageDispatcher(AppDelivery delivery, RouteRules rules, TimeProvider time, ILogger<MessageDispatcher> logger)
{
    public async Task<DeliveryOutcome> DispatchAsync(TopicSubscription subscription, StreamEntry entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var data = entry["data"];
        var cloudEvent = CloudEvents.ForDelivery(data.IsNull ? [] : (byte[])data!, subscription.PubSub, subscription.Topic,
            subscription.RawPayload, entry.Id.ToString(), time.GetUtcNow());
        var path = rules.Route(subscription, cloudEvent);
        if (path is null)
        {
            Log.DeliveryDropped(logger, entry.Id.ToString(), subscription.Topic, "no routing rule matched and there is no default route");
            return DeliveryOutcome.Drop;
        }

        var (outcome, detail) = await delivery.DeliverAsync(path, cloudEvent, timeout, cancellationToken);
        switch (outcome)
        {
            case DeliveryOutcome.Retry:
                Log.DeliveryRetry(logger, entry.Id.ToString(), subscription.Topic, detail);
                break;
            case DeliveryOutcome.Drop:
                Log.DeliveryDropped(logger, entry.Id.ToString(), subscription.Topic, detail);
                break;
        }

        return outcome;
    }
}
