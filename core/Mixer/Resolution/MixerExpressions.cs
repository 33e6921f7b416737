using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>Checks the expressions of Mixer config: each must parse and type-check (with a required type where the field has one).</summary>
internal static class MixerExpressions
{
    public static void Check(string? source, CexlType? expected, string path, MixerErrorSink sink)
    {
        if (source is null)
        {
            return;
        }

        var compiled = expected is { } type ? Cexl.Compile(source, type, out var error) : Cexl.Compile(source, out error);
        if (compiled is null)
        {
            sink.Add(path, error!);
        }
    }

    public static void CheckAll(IEnumerable<KeyValuePair<string, string>> expressions, string path, MixerErrorSink sink)
    {
        foreach (var (key, source) in expressions)
        {
            Check(source, null, $"{path}[{key}]", sink);
        }
    }
}
