namespace GatewayMesh.Core.Blocks.Redis;

/// <summary>Lua that moves a store from the layout before hash tags (<c>gatewaymesh:rev</c>) to the current one (<c>{gatewaymesh}:rev</c>).</summary>
internal static class LayoutScripts
{
    /// <summary>
    /// KEYS: the current state keys, then the legacy ones in the same order. When no current key exists yet, RENAMEs every
    /// legacy key that exists to its current name, in one atomic step (readers see the old layout or the new one).
    /// Returns -1 when the current layout already holds data (nothing is touched), else how many keys moved.
    /// </summary>
    public const string Migrate = """
        local count = #KEYS / 2
        for i = 1, count do
            if redis.call('EXISTS', KEYS[i]) == 1 then return -1 end
        end
        local moved = 0
        for i = 1, count do
            if redis.call('EXISTS', KEYS[count + i]) == 1 then
                redis.call('RENAME', KEYS[count + i], KEYS[i])
                moved = moved + 1
            end
        end
        return moved
        """;
}
