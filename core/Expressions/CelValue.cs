using System.Globalization;

namespace GatewayMesh.Core.Expressions;

/// <summary>The kinds of value the CEL subset computes with.</summary>
public enum CelKind
{
    /// <summary>Evaluation failed (a missing header, a type mismatch); <see cref="CelValue.Text"/> says why.</summary>
    Error,
    Null,
    Bool,
    Int,
    Double,
    String,
}

/// <summary>One CEL value: a bool, a 64-bit int, a double, a string, null, or an error. A struct: no allocation per step.</summary>
public readonly record struct CelValue(CelKind Kind, long Int = 0, double Double = 0, string? Text = null)
{
    public static readonly CelValue True = new(CelKind.Bool, 1);
    public static readonly CelValue False = new(CelKind.Bool, 0);
    public static readonly CelValue Null = new(CelKind.Null);

    public bool IsError => Kind == CelKind.Error;

    public bool AsBool => Kind == CelKind.Bool && Int != 0;

    public static CelValue Of(bool value) => value ? True : False;

    public static CelValue Of(long value) => new(CelKind.Int, value);

    public static CelValue Of(double value) => new(CelKind.Double, Double: value);

    public static CelValue Of(string? value) => value is null ? Null : new(CelKind.String, Text: value);

    public static CelValue Fail(string message) => new(CelKind.Error, Text: message);

    /// <summary>The value as CEL's <c>string()</c> writes it; null for an error.</summary>
    public string? ToText() => Kind switch
    {
        CelKind.String => Text,
        CelKind.Int => Int.ToString(CultureInfo.InvariantCulture),
        CelKind.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        CelKind.Bool => Int != 0 ? "true" : "false",
        CelKind.Null => "null",
        _ => null,
    };

    public override string ToString() => Kind == CelKind.Error ? $"error: {Text}" : ToText() ?? "";
}
