namespace GatewayMesh.Sidecar.Dapr.State;

/// <summary>
/// daprd's key naming: <c>&lt;prefix&gt;||&lt;key&gt;</c>. The component's <c>keyPrefix</c> picks the prefix: <c>appid</c>
/// (default: the app id), <c>name</c> (the store's name), <c>none</c> (the bare key), or any other text as is.
/// </summary>
public sealed class StateKeys
{
    public const string Separator = "||";
    private readonly string? _prefix;

    public StateKeys(string? keyPrefix, string appId, string storeName)
    {
        _prefix = (keyPrefix ?? "appid").ToLowerInvariant() switch
        {
            "appid" => appId,
            "name" => storeName,
            "none" => null,
            _ => keyPrefix,
        };
    }

    /// <summary>The prefix keys get (null for <c>none</c>); the per-app Redis ACL is built from it.</summary>
    public string? Prefix => _prefix;

    /// <summary>The Redis key for an app's key; a key containing <c>||</c> is refused unless the prefix is <c>none</c>.</summary>
    public string ToRedisKey(string key)
    {
        if (_prefix is null)
        {
            return key;
        }

        if (key.Contains(Separator, StringComparison.Ordinal))
        {
            throw Errors.DaprErrors.Malformed($"input key {key} can't contain '{Separator}'");
        }

        return _prefix + Separator + key;
    }
}
