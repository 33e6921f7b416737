using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Validation;
using Xunit;

namespace GatewayMesh.UnitTests.Validation;

public class BookinfoValidationTests
{
    public static TheoryData<string> BookinfoFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void BookinfoFolder_IsCopiedToTestOutput()
    {
        Assert.True(BookinfoFiles().Count >= 10);
    }

    /// <summary>Files that redefine the same VirtualService are alternatives, so duplicates are checked per file.</summary>
    [Theory]
    [MemberData(nameof(BookinfoFiles))]
    public void ValidateAll_BookinfoFile_HasNoErrors(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", fileName));

        var parsed = ConfigParser.Parse(text, fileName);

        Assert.Empty(parsed.Errors);
        Assert.NotEmpty(parsed.Resources);
        Assert.Empty(ConfigValidator.ValidateAll(parsed.Resources).Select(e => e.ToString()));
    }
}
