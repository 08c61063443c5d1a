using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DockerNetExporter.Configuration;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// /metrics behind --web.config.file: a self-signed certificate made here, a bcrypt hash made by
/// htpasswd as users make theirs, and a real Prometheus scraping over TLS with basic auth.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class WebSecurityTests : IAsyncLifetime
{
    private const string User = "prometheus";
    private const string Password = "s3cret pass:word";
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-web-");
    private RunningExporter exporter = null!;

    public async Task InitializeAsync()
    {
        var config = await TlsBasicAuthConfig.WriteAsync(directory, User, Password);
        exporter = await RunningExporter.StartAsync(DockerEnvironment.DockerHost, web: WebConfig.Load(config));
    }

    public async Task DisposeAsync()
    {
        await exporter.DisposeAsync();
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task The_right_password_over_TLS_gets_the_metrics()
    {
        Assert.Equal("https", exporter.BaseAddress.Scheme);
        using var response = await GetAsync("/metrics", User, Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("dockernet_build_info", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>gzip over TLS too: the exposition echoes nothing of the request, so BREACH has nothing to guess.</summary>
    [Fact]
    public async Task Over_TLS_the_metrics_are_gzip_compressed_when_asked()
    {
        using var response = await GetAsync("/metrics", User, Password, acceptEncoding: "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Contains("dockernet_build_info", await new StreamReader(gzip).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(User, "wrong")]
    [InlineData("nobody", Password)]
    [InlineData(null, null)]
    public async Task A_wrong_or_missing_password_gets_401(string? user, string? password)
    {
        using var response = await GetAsync("/metrics", user, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_needs_no_password()
    {
        using var response = await GetAsync("/healthz", null, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Plain_HTTP_to_the_TLS_port_fails_cleanly_and_TLS_keeps_working()
    {
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri($"http://127.0.0.1:{exporter.BaseAddress.Port}/metrics");
        try
        {
            using var response = await plain.GetAsync(url);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"plain HTTP got {(int)response.StatusCode}");
        }
        catch (HttpRequestException)
        {
            // The TLS listener closes a connection that does not start with a TLS handshake.
        }

        using var again = await GetAsync("/metrics", User, Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Prometheus_scrapes_over_TLS_with_basic_auth()
    {
        var caFile = Path.Combine(directory.FullName, "server.crt");
        await using var prometheus = await PrometheusServer.StartAsync(exporter.BaseAddress, $"""
                scheme: https
                tls_config:
                  ca_file: {caFile}
                basic_auth:
                  username: {User}
                  password: "{Password}"
            """);

        // StartAsync returns once up{job="dockernet"} is 1: the scrape went through TLS and auth.
        var samples = await prometheus.QueryAsync("dockernet_build_info");
        Assert.Single(samples);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? user, string? password, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return await exporter.Http.SendAsync(request);
    }
}
