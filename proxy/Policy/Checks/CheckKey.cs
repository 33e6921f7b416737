using System.IO.Hashing;
using System.Runtime.InteropServices;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>
/// The key of a cached check answer: a 128-bit hash of every attribute value the checks read (the "referenced
/// attributes" Mixer's client keyed its cache by), an absent attribute hashed as absent. Allocates nothing.
/// </summary>
public static class CheckKey
{
    [ThreadStatic]
    private static XxHash128? _hasher;

    /// <summary>False when a reference cannot be keyed (a whole map read by value, e.g. <c>size(request.headers)</c>).</summary>
    public static bool IsCacheable(IEnumerable<AttributeReference> references) =>
        references.All(r => r.Key is not null || AttributeVocabulary.Of(r.Attribute).Type != CexlType.StringMap);

    public static UInt128 Compute(IReadOnlyList<AttributeReference> references, IAttributeBag bag, string? scope)
    {
        var hasher = _hasher ??= new XxHash128();
        hasher.Reset();
        Append(hasher, scope);
        Span<byte> id = stackalloc byte[4];
        foreach (var reference in references)
        {
            MemoryMarshal.Write(id, (int)reference.Attribute);
            hasher.Append(id);
            AppendValue(hasher, reference, bag);
        }

        return hasher.GetCurrentHashAsUInt128();
    }

    private static void AppendValue(XxHash128 hasher, AttributeReference reference, IAttributeBag bag)
    {
        Span<byte> scratch = stackalloc byte[17];
        var attribute = reference.Attribute;
        switch (AttributeVocabulary.Of(attribute).Type)
        {
            case CexlType.String:
                Append(hasher, bag.TryGetString(attribute, out var s) ? s : null);
                break;
            case CexlType.StringMap:
                Append(hasher, bag.TryGetStringMap(attribute, out var map) && map.TryGetValue(reference.Key!, out var v) ? v : null);
                break;
            case CexlType.Int64:
                Write(hasher, scratch, bag.TryGetInt64(attribute, out var l), l);
                break;
            case CexlType.Bool:
                Write(hasher, scratch, bag.TryGetBool(attribute, out var b), b ? 1 : 0);
                break;
            case CexlType.Timestamp:
                Write(hasher, scratch, bag.TryGetTimestamp(attribute, out var t), t.UtcTicks);
                break;
            case CexlType.Duration:
                Write(hasher, scratch, bag.TryGetDuration(attribute, out var d), d.Ticks);
                break;
            case CexlType.IpAddress:
                if (bag.TryGetIp(attribute, out var ip) && ip.TryWriteBytes(scratch[1..], out var written))
                {
                    scratch[0] = 1;
                    hasher.Append(scratch[..(written + 1)]);
                }
                else
                {
                    hasher.Append(scratch[..1]);
                }

                break;
        }
    }

    private static void Write(XxHash128 hasher, Span<byte> scratch, bool defined, long value)
    {
        scratch[0] = defined ? (byte)1 : (byte)0;
        MemoryMarshal.Write(scratch[1..], value);
        hasher.Append(scratch[..9]);
    }

    private static void Append(XxHash128 hasher, string? value)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = value is null ? (byte)0 : (byte)1;
        MemoryMarshal.Write(header[1..], value?.Length ?? 0);
        hasher.Append(header);
        if (value is not null)
        {
            hasher.Append(MemoryMarshal.AsBytes(value.AsSpan()));
        }
    }
}
