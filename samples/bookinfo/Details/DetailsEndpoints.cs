using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.Details;

/// <summary>details v1: the bibliographic facts of the sample book, for any product id.</summary>
public static class DetailsEndpoints
{
    public static void MapDetails(this WebApplication app) =>
        app.MapGet("/details/{id:int}", (int id) => Results.Ok(SampleBook(id)));

    public static BookDetails SampleBook(int id) => new(
        Id: id,
        Author: "William Shakespeare",
        Year: 1595,
        Type: "paperback",
        Pages: 200,
        Publisher: "PublisherA",
        Language: "English",
        Isbn10: "1234567890",
        Isbn13: "123-1234567890");
}
