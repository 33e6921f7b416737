using System.Net;
using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Core.Mixer.Expressions.Evaluation;

internal sealed class StringAttributeEval(MixerAttribute attribute) : CexlEval<string>
{
    public override bool TryEval(IAttributeBag bag, out string value) => bag.TryGetString(attribute, out value!);
}

internal sealed class Int64AttributeEval(MixerAttribute attribute) : CexlEval<long>
{
    public override bool TryEval(IAttributeBag bag, out long value) => bag.TryGetInt64(attribute, out value);
}

internal sealed class BoolAttributeEval(MixerAttribute attribute) : CexlEval<bool>
{
    public override bool TryEval(IAttributeBag bag, out bool value) => bag.TryGetBool(attribute, out value);
}

internal sealed class TimestampAttributeEval(MixerAttribute attribute) : CexlEval<DateTimeOffset>
{
    public override bool TryEval(IAttributeBag bag, out DateTimeOffset value) => bag.TryGetTimestamp(attribute, out value);
}

internal sealed class DurationAttributeEval(MixerAttribute attribute) : CexlEval<TimeSpan>
{
    public override bool TryEval(IAttributeBag bag, out TimeSpan value) => bag.TryGetDuration(attribute, out value);
}

internal sealed class IpAttributeEval(MixerAttribute attribute) : CexlEval<IPAddress>
{
    public override bool TryEval(IAttributeBag bag, out IPAddress value) => bag.TryGetIp(attribute, out value!);
}

internal sealed class StringMapAttributeEval(MixerAttribute attribute) : CexlEval<IStringMap>
{
    public override bool TryEval(IAttributeBag bag, out IStringMap value) => bag.TryGetStringMap(attribute, out value!);
}

/// <summary><c>m[k]</c>: undefined when the map or the key is.</summary>
internal sealed class IndexEval(CexlEval<IStringMap> map, CexlEval<string> key) : CexlEval<string>
{
    public override bool TryEval(IAttributeBag bag, out string value)
    {
        value = "";
        return map.TryEval(bag, out var m) && key.TryEval(bag, out var k) && m.TryGetValue(k, out value!);
    }
}
