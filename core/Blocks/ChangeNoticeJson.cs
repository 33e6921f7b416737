using System.Text.Json;

namespace GatewayMesh.Core.Blocks;

/// <summary>
/// The wire form of a <see cref="ChangeNotice"/>: <see cref="BlocksJson"/>, e.g.
/// <c>{"revision":7,"kind":"CONFIG_PUT","key":"VirtualService/default/reviews","payload":"{...}"}</c>.
/// The Redis scripts build the same shape by hand, so the kind names come from here.
/// </summary>
public static class ChangeNoticeJson
{
    public static string Serialize(ChangeNotice notice) => BlocksJson.Serialize(notice);

    /// <summary>Parses a notice; null when the message is not one (a stray publish on the topic).</summary>
    public static ChangeNotice? TryParse(string message)
    {
        try
        {
            var notice = BlocksJson.Deserialize<ChangeNotice>(message);
            return notice.Key is null ? null : notice;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The kind as it appears on the wire, e.g. <c>CONFIG_PUT</c>.</summary>
    public static string KindName(ChangeKind kind) => BlocksJson.Serialize(kind).Trim('"');

    public static bool IsConfigKind(ChangeKind kind) => kind is ChangeKind.ConfigPut or ChangeKind.ConfigDelete;

    public static bool IsInstanceKind(ChangeKind kind) => kind is ChangeKind.InstancePut or ChangeKind.InstanceDelete;
}
