using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Parsing.Binding;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>Collects the errors of one resource, each named "Kind namespace/name" with its field path.</summary>
internal sealed class MixerErrorSink(ConfigResource resource, ICollection<ConfigError> errors)
{
    private readonly string _label = ResourceDisplay.Of(resource);

    public int Count { get; private set; }

    public void Add(string path, string message)
    {
        errors.Add(new ConfigError(_label, path, message));
        Count++;
    }

    /// <summary>Binds generic params into <typeparamref name="T"/>; errors carry paths under <paramref name="path"/>.</summary>
    public T? Bind<T>(UntypedValue? value, string path)
        where T : class, new()
    {
        var context = new BindingContext();
        var fieldPath = path.Split('.').Aggregate(FieldPath.Root, (p, part) => p.Field(part));
        var bound = UntypedBinder.Bind<T>(value, fieldPath, context);
        foreach (var error in context.Errors)
        {
            Add(error.Path, error.Message);
        }

        return bound;
    }
}
