using System.Net;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The page behind --web.config.file with TLS and basic auth, in headless Chromium: refused without
/// the password, drawn with it, its own requests to /topology carrying the credentials the browser
/// was given for the page.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class PageSecurityTests : IAsyncLifetime
{
    private const string User = "viewer";
    private const string Password = "s3cret-page";
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-page-web-");
    private ExporterServer exporter = null!;

    public async Task InitializeAsync()
    {
        var config = await TlsBasicAuthConfig.WriteAsync(directory, User, Password);
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(directory.FullName, "server.crt")));
        var thumbprint = certificate.Thumbprint;
        var handler = new HttpClientHandler
        {
            // Trust exactly the certificate the test made, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        };
        exporter = await ExporterServer.StartAsync("https", handler, $"--docker.host={DockerEnvironment.DockerHost}", $"--web.config.file={config}");
    }

    public async Task DisposeAsync()
    {
        await exporter.DisposeAsync();
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Without_the_password_the_page_and_its_files_are_refused()
    {
        using var browser = new HeadlessChromium(acceptInsecureCertificates: true);

        browser.Open(exporter.BaseAddress);

        browser.Screenshot("refused");
        Assert.Null(browser.Run("return document.getElementById('drawing')"));
        foreach (var path in new[] { "/", "/static/topology.js", "/static/topology.css", "/topology" })
        {
            using var response = await exporter.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.DoesNotContain(browser.RequestedUrls(), u => u.Contains("topology", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_password_over_TLS_the_page_draws_and_asks_nothing_of_another_origin()
    {
        using var browser = new HeadlessChromium(acceptInsecureCertificates: true);
        var page = new UriBuilder(exporter.BaseAddress) { UserName = User, Password = Password }.Uri;

        browser.Open(page);

        var drawn = await Eventually.WaitForAsync(
            () => Task.FromResult(browser.Run("return document.querySelector('#drawing svg g.bridge') ? document.getElementById('status').textContent : null") as string),
            TimeSpan.FromSeconds(30),
            "the drawing, from /topology fetched with the page's credentials");
        browser.Screenshot("tls-basic-auth");
        Assert.Contains("container interface(s) at", drawn, StringComparison.Ordinal);
        var origin = exporter.BaseAddress.GetLeftPart(UriPartial.Authority);
        var urls = browser.RequestedUrls();
        Assert.Equal($"{origin}/topology?interval=100ms", urls.First(u => u.Contains("/topology?", StringComparison.Ordinal))); // the first picture's, the shortest
        Assert.Empty(browser.RequestsElsewhere(exporter.BaseAddress));
    }
}
