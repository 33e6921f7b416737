using System.Globalization;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// A field path such as <c>spec.http[0].route[1].destination.host</c> or <c>metadata.labels[app]</c>, built as an
/// immutable chain so binding allocates little and renders the text only when an error needs it.
/// </summary>
internal sealed class FieldPath
{
    private readonly FieldPath? _parent;
    private readonly string _segment;
    private readonly bool _isBracketed;

    private FieldPath(FieldPath? parent, string segment, bool isBracketed)
    {
        _parent = parent;
        _segment = segment;
        _isBracketed = isBracketed;
    }

    public static FieldPath Root { get; } = new(null, "", isBracketed: false);

    /// <summary>A named field; an empty name (a YAML key <c>""</c>) renders as <c>[""]</c>, so even it has a path.</summary>
    public FieldPath Field(string name) => name.Length == 0 ? new(this, "\"\"", isBracketed: true) : new(this, name, isBracketed: false);

    public FieldPath Index(int index) => new(this, index.ToString(CultureInfo.InvariantCulture), isBracketed: true);

    public FieldPath Key(string key) => new(this, key, isBracketed: true);

    public override string ToString()
    {
        if (_parent is null)
        {
            return "";
        }

        var parent = _parent.ToString();
        return _isBracketed ? $"{parent}[{_segment}]"
            : parent.Length == 0 ? _segment
            : $"{parent}.{_segment}";
    }
}
