using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GatewayMesh.Core.Config.Parsing.Yaml;

/// <summary>
/// Reads a YAML (or JSON) stream into <see cref="YamlNode"/> trees from YamlDotNet's event stream, without recursion,
/// enforcing <see cref="ParseLimits"/> as it goes: depth, documents, scalar length, and total nodes with every alias
/// counted at the full size of what it names, so an alias bomb is rejected after a few thousand events.
/// A syntax error or a broken limit ends the stream; an unsupported construct rejects only its own document.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly ParseLimits _limits;
    private readonly List<YamlDocument> _documents = [];
    private readonly List<YamlReadError> _errors = [];
    private readonly Stack<YamlContainerBuilder> _open = new();
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private int _documentNumber;
    private int _totalNodes;
    private bool _skippingDocument;
    private int _skippedDepth;
    private YamlNode? _root;
    private Mark _lastMark = Mark.Empty;

    private YamlTreeReader(ParseLimits limits) => _limits = limits;

    public static YamlReadResult Read(string text, ParseLimits limits)
    {
        var reader = new YamlTreeReader(limits);
        reader.ReadStream(text);
        return new YamlReadResult(reader._documents, reader._errors);
    }

    private int CurrentDocument => Math.Max(_documentNumber, 1);

    private void ReadStream(string text)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            var parser = new Parser(scanner);
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                _lastMark = current.End;
                if (_skippingDocument)
                {
                    Skip(current);
                    continue;
                }

                try
                {
                    Accept(current);
                }
                catch (YamlDocumentException ex)
                {
                    _errors.Add(new YamlReadError(CurrentDocument, ex.Message));
                    StartSkipping();
                }
            }
        }
        catch (YamlLimitExceededException ex)
        {
            _errors.Add(new YamlReadError(CurrentDocument, ex.Message));
        }
        catch (YamlException ex)
        {
            _errors.Add(new YamlReadError(CurrentDocument, $"YAML syntax error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // YamlDotNet reports some malformed input with framework exceptions that carry no position; the scanner knows where it stopped.
            var at = scanner.CurrentPosition;
            _errors.Add(new YamlReadError(CurrentDocument, $"YAML syntax error near line {at.Line}, column {at.Column}"));
        }
    }

    private void Accept(ParsingEvent current)
    {
        switch (current)
        {
            case DocumentStart:
                StartDocument();
                break;
            case DocumentEnd:
                EndDocument();
                break;
            case Scalar scalar:
                AcceptScalar(scalar);
                break;
            case AnchorAlias alias:
                AcceptAlias(alias);
                break;
            case MappingStart mapping:
                Open(new YamlContainerBuilder(isMapping: true, mapping.Anchor, mapping.Start), mapping.Tag, "tag:yaml.org,2002:map");
                break;
            case SequenceStart sequence:
                Open(new YamlContainerBuilder(isMapping: false, sequence.Anchor, sequence.Start), sequence.Tag, "tag:yaml.org,2002:seq");
                break;
            case MappingEnd or SequenceEnd:
                Close();
                break;
        }
    }

    private void StartDocument()
    {
        _documentNumber++;
        if (_documentNumber > _limits.MaxDocuments)
        {
            throw new YamlLimitExceededException($"too many documents: the limit is {_limits.MaxDocuments}");
        }

        _anchors.Clear();
        _open.Clear();
        _root = null;
    }

    private void EndDocument()
    {
        if (_root is not null && !(_root is YamlScalar { IsNull: true }))
        {
            _documents.Add(new YamlDocument(_documentNumber, _root));
        }

        _root = null;
    }

    private void AcceptScalar(Scalar scalar)
    {
        if (scalar.Value.Length > _limits.MaxScalarLength)
        {
            throw new YamlLimitExceededException(
                $"scalar at line {scalar.Start.Line}, column {scalar.Start.Column} is {scalar.Value.Length} characters long, over the limit of {_limits.MaxScalarLength}");
        }

        var isPlain = IsPlain(scalar);
        CountNodes(1);
        var node = new YamlScalar(scalar.Value, isPlain, YamlNode.Position(scalar.Start.Line), YamlNode.Position(scalar.Start.Column));
        Remember(scalar.Anchor, node);
        Attach(node);
    }

    private static bool IsPlain(Scalar scalar)
    {
        if (scalar.Tag.IsEmpty)
        {
            return scalar.Style == ScalarStyle.Plain;
        }

        if (scalar.Tag.IsNonSpecific || scalar.Tag.Value == "tag:yaml.org,2002:str")
        {
            return false;
        }

        if (scalar.Tag.Value is "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:bool" or "tag:yaml.org,2002:null")
        {
            return true;
        }

        throw new YamlDocumentException($"unsupported tag \"{scalar.Tag.Value}\" at line {scalar.Start.Line}, column {scalar.Start.Column}");
    }

    private void AcceptAlias(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var node))
        {
            throw new YamlDocumentException($"unknown alias \"*{alias.Value.Value}\" at line {alias.Start.Line}, column {alias.Start.Column}");
        }

        CountNodes(node.Size);
        CheckDepth(_open.Count + node.Height, alias.Start);
        Attach(node);
    }

    private void Open(YamlContainerBuilder builder, TagName tag, string expectedTag)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != expectedTag)
        {
            throw new YamlDocumentException($"unsupported tag \"{tag.Value}\" at line {builder.Start.Line}, column {builder.Start.Column}");
        }

        CountNodes(1);
        _open.Push(builder);
        CheckDepth(_open.Count, builder.Start);
    }

    private void Close()
    {
        var builder = _open.Pop();
        var node = builder.Build();
        Remember(builder.Anchor, node);
        Attach(node);
    }

    private void Attach(YamlNode node)
    {
        if (_open.Count == 0)
        {
            _root = node;
            return;
        }

        _open.Peek().Add(node);
    }

    private void Remember(AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    private void CountNodes(int count)
    {
        _totalNodes += count;
        if (_totalNodes > _limits.MaxNodes || _totalNodes < 0)
        {
            throw new YamlLimitExceededException(
                $"too many nodes: the input expands to more than {_limits.MaxNodes} nodes (aliases count in full) at line {_lastMark.Line}");
        }
    }

    private void CheckDepth(int depth, Mark at)
    {
        if (depth > _limits.MaxDepth)
        {
            throw new YamlLimitExceededException(
                $"nesting is deeper than the limit of {_limits.MaxDepth} levels at line {at.Line}, column {at.Column}");
        }
    }

    private void StartSkipping()
    {
        _skippingDocument = true;
        _skippedDepth = _open.Count;
        _open.Clear();
        _root = null;
    }

    private void Skip(ParsingEvent current)
    {
        _skippedDepth += current.NestingIncrease;
        CheckDepth(_skippedDepth, current.Start);
        if (current is DocumentEnd)
        {
            _skippingDocument = false;
            _root = null;
        }
    }
}
