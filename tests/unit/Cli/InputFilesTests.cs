using GatewayMesh.Cli;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Input;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

public class InputFilesTests
{
    private static readonly CliConsole NoConsole = new(TextWriter.Null, TextWriter.Null, new StringReader("from: stdin"));

    [Fact]
    public void Read_Directory_TakesYamlYmlJsonSortedAndNotRecursive()
    {
        using var dir = new TempDirectory();
        dir.Write("b.yaml", "b");
        dir.Write("a.yml", "a");
        dir.Write("c.json", "{}");
        dir.Write("notes.txt", "ignored");
        dir.Write("sub/d.yaml", "d");
        var env = new CliEnvironment { CurrentDirectory = dir.Path };

        var documents = InputFiles.Read(["."], recursive: false, NoConsole, env);

        Assert.Equal(["a", "b", "{}"], documents.Select(d => d.Text));
        Assert.Equal(Path.Combine(".", "a.yml"), documents[0].Name);
    }

    [Fact]
    public void Read_DirectoryRecursive_IncludesSubdirectories()
    {
        using var dir = new TempDirectory();
        dir.Write("b.yaml", "b");
        dir.Write("sub/d.yaml", "d");
        var env = new CliEnvironment { CurrentDirectory = dir.Path };

        var documents = InputFiles.Read([dir.Path], recursive: true, NoConsole, env);

        Assert.Equal(["b", "d"], documents.Select(d => d.Text));
    }

    [Fact]
    public void Read_Dash_ReadsStdin()
    {
        var documents = InputFiles.Read(["-"], recursive: false, NoConsole, new CliEnvironment());

        Assert.Equal("from: stdin", Assert.Single(documents).Text);
        Assert.Equal("<stdin>", documents[0].Name);
    }

    [Fact]
    public void Read_MissingPath_Throws()
    {
        var ex = Assert.Throws<CliException>(() => InputFiles.Read(["/nonexistent/x.yaml"], false, NoConsole, new CliEnvironment()));

        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void Read_EmptyDirectory_Throws()
    {
        using var dir = new TempDirectory();
        dir.Write("sub/d.yaml", "d");

        var ex = Assert.Throws<CliException>(() => InputFiles.Read([dir.Path], false, NoConsole, new CliEnvironment()));

        Assert.Contains("use -R", ex.Message);
    }

    [Fact]
    public void From_SeveralYamlFiles_JoinsWithSeparators()
    {
        var body = ApplyBody.From([new("a", "a: 1\n\n"), new("b", "b: 2")]);

        Assert.Equal("a: 1\n---\nb: 2\n", body.Text);
        Assert.Equal(RegistryClient.YamlContentType, body.ContentType);
    }

    [Fact]
    public void From_SingleJsonFile_SendsJson()
    {
        var body = ApplyBody.From([new("a.json", "  {\"kind\": \"VirtualService\"}")]);

        Assert.Equal(RegistryClient.JsonContentType, body.ContentType);
    }

    [Fact]
    public void From_OverOneMebibyte_Throws()
    {
        var ex = Assert.Throws<CliException>(() => ApplyBody.From([new("big", new string('x', ApplyBody.MaxBytes + 1))]));

        Assert.Contains("at most", ex.Message);
    }

    [Fact]
    public void Read_MultiDocumentYaml_ReturnsKeysWithDefaultNamespace()
    {
        var yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec: {hosts: [reviews]}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
              namespace: shop
            """;

        var keys = ResourceIdentityReader.Read(new InputDocument("f.yaml", yaml), "default");

        Assert.Equal(["VirtualService/default/reviews", "DestinationRule/shop/reviews"], keys.Select(k => k.ToString()));
    }

    [Fact]
    public void Read_DocumentWithoutName_ThrowsNamingDocument()
    {
        var ex = Assert.Throws<CliException>(() => ResourceIdentityReader.Read(new InputDocument("f.yaml", "kind: Gateway\nmetadata: {}\n"), "default"));

        Assert.Equal("f.yaml document 1: missing metadata.name", ex.Message);
    }

    [Fact]
    public void Read_KubectlList_ReturnsEveryItem()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - kind: Gateway
              metadata: {name: gw}
            - kind: se
              metadata: {name: ext, namespace: shop}
            """;

        var keys = ResourceIdentityReader.Read(new InputDocument("l.yaml", yaml), "default");

        Assert.Equal(["Gateway/default/gw", "ServiceEntry/shop/ext"], keys.Select(k => k.ToString()));
    }
}
