using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's chromium, headless, driven by Debian's chromedriver (tests/prepare-host.sh installs both;
/// nothing is downloaded): the page as a user's browser runs it. Every request the browser makes is
/// in its performance log, for <see cref="RequestedUrls"/>; screenshots go to the test results.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private const string Browser = "/usr/bin/chromium";
    private const string DriverDirectory = "/usr/bin";

    private readonly List<string> requested = [];

    /// <param name="acceptInsecureCertificates">For the exporter's TLS with a certificate the test made itself.</param>
    public HeadlessChromium(bool acceptInsecureCertificates = false)
    {
        DownloadDirectory = Directory.CreateTempSubdirectory("dockernet-page-downloads-");
        var options = new ChromeOptions { BinaryLocation = Browser, AcceptInsecureCertificates = acceptInsecureCertificates };
        // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync");
        options.SetLoggingPreference("performance", LogLevel.All);
        options.AddUserProfilePreference("download.default_directory", DownloadDirectory.FullName);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the browser saves downloads.</summary>
    public DirectoryInfo DownloadDirectory { get; }

    public void Open(Uri page) => Driver.Navigate().GoToUrl(page);

    /// <summary>Runs a script in the page and returns what it returns.</summary>
    public object? Run(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Every URL the browser has asked for since it started (each Network.requestWillBeSent of its performance log).</summary>
    public IReadOnlyList<string> RequestedUrls()
    {
        foreach (var entry in Driver.Manage().Logs.GetLog("performance"))
        {
            using var message = JsonDocument.Parse(entry.Message);
            var inner = message.RootElement.GetProperty("message");
            if (inner.GetProperty("method").GetString() == "Network.requestWillBeSent")
            {
                requested.Add(inner.GetProperty("params").GetProperty("request").GetProperty("url").GetString()!);
            }
        }

        return requested;
    }

    /// <summary>The URLs of <see cref="RequestedUrls"/> that are not at the origin of <paramref name="page"/> (scheme, host and port; a user:password@ aside).</summary>
    public IReadOnlyList<string> RequestsElsewhere(Uri page) =>
        [.. RequestedUrls().Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var url) || Origin(url) != Origin(page))];

    private static string Origin(Uri url) => url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary>Saves what the browser shows as artifacts/test-results/page/NAME.png (where run-all.sh collects results); its path.</summary>
    public string Screenshot(string name)
    {
        var directory = Directory.CreateDirectory(RepositoryFiles.Path("artifacts", "test-results", "page"));
        var path = Path.Combine(directory.FullName, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        DownloadDirectory.Delete(recursive: true);
    }
}
