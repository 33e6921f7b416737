namespace GatewayMesh.Samples.Bookinfo.Reviews;

/// <summary>The two sample reviews every reviews version serves.</summary>
internal static class ReviewTexts
{
    public static readonly IReadOnlyList<(string Reviewer, string Text)> All =
    [
        ("Reviewer1", "A fast, joyful farce: two pairs of twins, one town, and a day of mistaken identities that never lets up."),
        ("Reviewer2", "Great fun on the stage, though it trades the depth of the later plays for pure comic machinery."),
    ];
}
