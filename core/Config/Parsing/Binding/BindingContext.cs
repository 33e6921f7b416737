namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// One binding error: the field path from the bound root, and what is wrong. <see cref="LostValue"/> is true when the
/// field's value could not be bound (it is left unset), false when nothing the model holds was lost (an unknown field,
/// a repeated key).
/// </summary>
internal readonly record struct FieldError(string Path, string Message, bool LostValue = true)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>Collects every error of one binding; binding goes on after an error so that all of them are reported.</summary>
internal sealed class BindingContext
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(FieldPath path, string message) => _errors.Add(new FieldError(path.ToString(), message));

    /// <summary>An error that leaves the bound value whole: an unknown field, a repeated key.</summary>
    public void AddKeyError(FieldPath path, string message) => _errors.Add(new FieldError(path.ToString(), message, LostValue: false));
}
