namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>Scraping an exporter process's /metrics, which may not be listening yet.</summary>
internal static class MetricsEndpoint
{
    public static async Task<IReadOnlyList<Sample>> ScrapeAsync(HttpClient http) =>
        MetricsText.Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    /// <summary>Scrapes until a sample matches, treating "not listening yet" as "not yet".</summary>
    public static async Task<Sample> WaitForAsync(HttpClient http, Func<Sample, bool> predicate, TimeSpan timeout, string what) =>
        await Eventually.WaitForAsync(
            async () =>
            {
                try
                {
                    return (await ScrapeAsync(http)).FirstOrDefault(predicate);
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            timeout,
            what);
}
