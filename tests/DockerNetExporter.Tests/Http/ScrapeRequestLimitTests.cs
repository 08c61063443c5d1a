using DockerNetExporter.Http;
using Microsoft.AspNetCore.Http;

namespace DockerNetExporter.Tests.Http;

public sealed class ScrapeRequestLimitTests
{
    [Fact]
    public async Task A_scrape_past_the_limit_gets_503_and_one_finished_makes_room()
    {
        var limit = new ScrapeRequestLimit(2, "/metrics");
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
        var limit = new ScrapeRequestLimit(0, "/metrics");
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
        context.Response.Body = new MemoryStream();
        await limit.InvokeAsync(context, async c =>
        {
            await served;
            c.Response.StatusCode = 200;
        });
        return context.Response;
    }

    private static string Body(HttpResponse response) => System.Text.Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());
}
