using DockerNetExporter.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DockerNetExporter.Tests.Http;

public sealed class ScrapeRequestLimitTests
{
    [Fact]
    public async Task A_scrape_past_the_limit_gets_503_and_one_finished_makes_room()
    {
        var limit = new ScrapeRequestLimit(2);
        var release = new TaskCompletionSource();
        var held = new[] { Send(limit, "/metrics", release.Task), Send(limit, "/metrics", release.Task) };

        var refused = await Send(limit, "/metrics", Task.CompletedTask);
        var otherPath = await Send(limit, "/healthz", Task.CompletedTask);
        release.SetResult();
        var afterwards = await Send(limit, "/METRICS", Task.CompletedTask);

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("Limit of concurrent requests reached (2), try again later.\n", Body(refused));
        Assert.Equal(200, otherPath.StatusCode);
        Assert.All(await Task.WhenAll(held), response => Assert.Equal(200, response.StatusCode));
        Assert.Equal(200, afterwards.StatusCode);
    }

    [Fact]
    public async Task Zero_is_no_limit()
    {
        var limit = new ScrapeRequestLimit(0);
        var release = new TaskCompletionSource();
        var held = Enumerable.Range(0, 100).Select(_ => Send(limit, "/metrics", release.Task)).ToArray();

        var another = await Send(limit, "/metrics", Task.CompletedTask);
        release.SetResult();

        Assert.Equal(200, another.StatusCode);
        Assert.All(await Task.WhenAll(held), response => Assert.Equal(200, response.StatusCode));
    }

    /// <summary>A request whose handler answers 200 once <paramref name="served"/> completes.</summary>
    private static async Task<HttpResponse> Send(ScrapeRequestLimit limit, string path, Task served)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        // What routing does: the scrape's endpoint for the paths it maps there.
        if (path.Equals("/metrics", StringComparison.OrdinalIgnoreCase))
        {
            context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(ScrapeEndpoint.Marker), "scrape"));
        }

        context.Response.Body = new MemoryStream();
        await limit.InvokeAsync(context, async c =>
        {
            await served;
            c.Response.StatusCode = 200;
        });
        return context.Response;
    }

    private static string Body(HttpResponse response) => System.Text.Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());

    /// <summary>
    /// Routing maps /metrics/ to the scrape as it maps /metrics: a limit that compared paths let it
    /// past. A real application (Kestrel on loopback, WebApplication's routing) holds one scrape.
    /// </summary>
    [Fact]
    public async Task A_scrape_by_a_path_routing_maps_to_the_scrape_is_counted_too()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Use(new ScrapeRequestLimit(1).InvokeAsync);
        app.MapGet("/metrics", async () =>
        {
            serving.TrySetResult();
            await release.Task;
            return "scraped";
        }).WithMetadata(ScrapeEndpoint.Marker);
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };

        var held = http.GetAsync(new Uri("/metrics", UriKind.Relative));
        await serving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var refused = await http.GetAsync(new Uri("/metrics/", UriKind.Relative));
        using var other = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        release.SetResult();
        using var answered = await held;

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("scraped", await answered.Content.ReadAsStringAsync());
    }
}
