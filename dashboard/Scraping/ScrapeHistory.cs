namespace GatewayMesh.Dashboard.Scraping;

/// <summary>The recent scrapes (a bounded window), newest last; rates are computed between two of them. Thread-safe.</summary>
internal sealed class ScrapeHistory(TimeSpan window)
{
    private readonly Lock _gate = new();
    private readonly List<MeshScrape> _scrapes = [];

    public TimeSpan Window { get; } = window;

    public void Add(MeshScrape scrape)
    {
        lock (_gate)
        {
            _scrapes.Add(scrape);
            while (_scrapes.Count > 2 && scrape.Time - _scrapes[1].Time >= Window)
            {
                _scrapes.RemoveAt(0);
            }
        }
    }

    /// <summary>The latest scrape and the oldest one kept (the same when only one exists); null before the first.</summary>
    public (MeshScrape Earlier, MeshScrape Latest)? Span()
    {
        lock (_gate)
        {
            return _scrapes.Count == 0 ? null : (_scrapes[0], _scrapes[^1]);
        }
    }
}
