using System.Text;
using DockerNetExporter.Configuration;
using DockerNetExporter.Http;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace DockerNetExporter.Tests.Http;

/// <summary>The web config's rules on requests, in the toolkit's order: rate limit, headers, basic auth; /healthz open.</summary>
public sealed class WebConfigRequestsTests : IDisposable
{
    private static readonly string Hash = BCrypt.Net.BCrypt.HashPassword("secret", 4);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-requests-");
    private readonly FakeTimeProvider time = new();

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task Past_the_burst_requests_get_429_without_the_headers_and_healthz_still_200()
    {
        var requests = Requests("rate_limit:\n  interval: 1s\n  burst: 2\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n");

        Assert.Equal(200, (await SendAsync(requests, "/metrics")).StatusCode);
        Assert.Equal(200, (await SendAsync(requests, "/metrics")).StatusCode);
        var limited = await SendAsync(requests, "/metrics");
        var health = await SendAsync(requests, "/healthz");
        time.Advance(TimeSpan.FromSeconds(1));
        var again = await SendAsync(requests, "/");

        Assert.Equal(429, limited.StatusCode);
        Assert.False(limited.Headers.ContainsKey("X-Frame-Options"));
        Assert.Equal(200, health.StatusCode);
        Assert.Equal(200, again.StatusCode);
    }

    [Fact]
    public async Task Headers_are_on_every_answer_401_and_healthz_included()
    {
        var requests = Requests($"basic_auth_users:\n  alice: {Hash}\nhttp_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n    Strict-Transport-Security: max-age=31536000\n");

        foreach (var response in new[] { await SendAsync(requests, "/metrics"), await SendAsync(requests, "/healthz"), await SendAsync(requests, "/metrics", "alice:secret") })
        {
            Assert.Equal("nosniff", response.Headers["X-Content-Type-Options"]);
            Assert.Equal("max-age=31536000", response.Headers["Strict-Transport-Security"]);
        }
    }

    [Theory]
    [InlineData("alice:secret", 200)]
    [InlineData("alice:wrong", 401)]
    [InlineData("bob:secret", 401)]
    [InlineData(null, 401)]
    public async Task Basic_auth_lets_the_right_password_through(string? credentials, int status)
    {
        var requests = Requests($"basic_auth_users:\n  alice: {Hash}\n");

        var response = await SendAsync(requests, "/metrics", credentials);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(status == 401, response.Headers.WWWAuthenticate.ToString().StartsWith("Basic", StringComparison.Ordinal));
    }

    private WebConfigRequests Requests(string yaml)
    {
        var path = Path.Combine(directory.FullName, "web-config.yml");
        File.WriteAllText(path, yaml);
        return new WebConfigRequests(new WebConfigReloader(WebConfig.Load(path), time, new HookLogger<WebConfigReloader>(_ => { })), time);
    }

    private static async Task<HttpResponse> SendAsync(WebConfigRequests requests, string path, string? credentials = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        if (credentials is not null)
        {
            context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        }

        await requests.InvokeAsync(context, c =>
        {
            c.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        return context.Response;
    }
}
