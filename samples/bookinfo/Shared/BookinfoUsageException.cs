namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>The command line or environment does not name a runnable service.</summary>
public sealed class BookinfoUsageException : Exception
{
    public const string Usage =
        "usage: bookinfo productpage|details|reviews|ratings [--version v1|v2|v3] [--urls http://127.0.0.1:9080] "
        + "[--instance-id ID] [--details-url URL] [--reviews-url URL] [--ratings-url URL] [--proxy URL]";

    public BookinfoUsageException(string message)
        : base(message)
    {
    }

    public BookinfoUsageException()
    {
    }

    public BookinfoUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
