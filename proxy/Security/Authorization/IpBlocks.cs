using System.Net;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>A list of IP blocks: matches an address inside any of them. Entries that do not parse are left out (validation rejects them first).</summary>
public sealed class IpBlocks
{
    private readonly IpBlock[] _blocks;

    private IpBlocks(IpBlock[] blocks) => _blocks = blocks;

    public IReadOnlyList<IpBlock> Blocks => _blocks;

    /// <summary>Null for an empty list: the field is not set.</summary>
    public static IpBlocks? From(ValueList<string> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        var blocks = new List<IpBlock>(values.Count);
        foreach (var value in values)
        {
            if (IpBlock.TryParse(value.Trim(), out var block))
            {
                blocks.Add(block);
            }
        }

        return new IpBlocks([.. blocks]);
    }

    public bool Any(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        foreach (var block in _blocks)
        {
            if (block.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(", ", _blocks);
}
