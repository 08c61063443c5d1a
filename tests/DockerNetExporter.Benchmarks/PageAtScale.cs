using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DockerNetExporter.Http;
using DockerNetExporter.Kernel;
using DockerNetExporter.Report;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The page at / with N container interfaces, in Debian's headless Chromium: the exporter's own page
/// and files, and a /topology of N ports on bridges of 250 (as compare-processes.sh makes them) served
/// at once by a fake, so that what is timed is the browser's work, not the exporter's one-second read.
/// Prints, per round: the time from navigation to the first drawing, how long that drawing took,
/// a redraw on refresh and on a filter, and the page's JavaScript heap and DOM nodes.
/// Then leaves the last round's page open for R more refreshes, every 2 s, and prints the renderer's memory.
/// <c>dotnet run -c Release --project tests/DockerNetExporter.Benchmarks -- page 1000 5 30</c> (N, rounds, R)
/// </summary>
internal static class PageAtScale
{
    private const int PortsPerBridge = 250;

    public static async Task<int> RunAsync(int ports, int rounds, int refreshes)
    {
        using var listener = new HttpListener();
        var port = FreePort();
        var origin = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(origin);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, ports, stop.Token);

        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
        using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.ExecuteCdpCommand("Performance.enable", []);
        // Injected by the browser, beside the page's policy: marks the second frame after the drawing
        // appears, when it has been laid out and painted.
        driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?>
        {
            ["source"] = """
                addEventListener('DOMContentLoaded', () => new MutationObserver((_, observer) => {
                  observer.disconnect();
                  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('benchmark-painted')));
                }).observe(document.getElementById('drawing'), { childList: true }));
                """,
        });
        Console.WriteLine("| round | first drawing built | painted | that drawing's script | redraw on refresh | redraw on a filter keystroke | JS heap used | renderer anonymous RSS | DOM nodes |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (var round = 1; round <= rounds; round++)
        {
            driver.Navigate().GoToUrl(origin);
            var first = Wait(driver, "const e = performance.getEntriesByName('dockernet-first-drawing')[0]; return e ? e.startTime : null");
            var painted = Wait(driver, "const e = performance.getEntriesByName('benchmark-painted')[0]; return e ? e.startTime : null");
            var firstDraw = Wait(driver, "return Number(document.getElementById('drawing').dataset.drawMs) || null");
            driver.ExecuteScript("const s = document.getElementById('refresh'); s.value = '2000'; s.dispatchEvent(new Event('change'));");
            var refreshDraw = Wait(driver, "const d = document.getElementById('drawing').dataset; return Number(d.drawn) >= 3 ? Number(d.drawMs) : null");
            var metrics = driver.ExecuteCdpCommand("Performance.getMetrics", []) as Dictionary<string, object> ?? throw new InvalidOperationException("no performance metrics");
            var values = ((IEnumerable<object>)metrics["metrics"]).Cast<Dictionary<string, object>>()
                .ToDictionary(m => (string)m["name"], m => Convert.ToDouble(m["value"], CultureInfo.InvariantCulture));
            var rendererRss = RendererResidentBytes(service.ProcessId);
            driver.FindElement(By.Id("pause")).Click();
            driver.FindElement(By.Id("filter")).SendKeys($"c-{ports - 1:D4}");
            var filterDraw = Wait(driver, "return document.querySelectorAll('#drawing g.port').length === 1 ? Number(document.getElementById('drawing').dataset.drawMs) : null");
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {round} | {first:F0} ms | {painted:F0} ms | {firstDraw:F0} ms | {refreshDraw:F0} ms | {filterDraw:F0} ms | {values["JSHeapUsedSize"] / 1048576:F1} MiB | {rendererRss / 1048576.0:F0} MiB | {values["Nodes"]:F0} |"));
        }

        // The last round's page left open: more refreshes, each drawing every box again.
        driver.FindElement(By.Id("filter")).Clear();
        driver.FindElement(By.Id("pause")).Click();
        var drawn = Wait(driver, "return Number(document.getElementById('drawing').dataset.drawn)");
        Wait(driver, $"return Number(document.getElementById('drawing').dataset.drawn) >= {drawn + refreshes} ? 1 : null", TimeSpan.FromSeconds(10 * refreshes + 60));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after {refreshes} more refreshes: renderer anonymous RSS {RendererResidentBytes(service.ProcessId) / 1048576.0:F0} MiB"));
        driver.Quit();
        await stop.CancelAsync();
        listener.Stop();
        await serving;
        return 0;
    }

    /// <summary>The private resident memory (RssAnon: not the shared libraries) of Chromium's renderer processes under chromedriver (<paramref name="driverProcess"/>): the page's own.</summary>
    private static long RendererResidentBytes(int driverProcess)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)
                && SafeRead(Path.Combine(directory, "stat")) is var text && text.LastIndexOf(')') is > 0 and var end)
            {
                parents[pid] = int.Parse(text[(end + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
        }

        bool Under(int pid) => pid == driverProcess || (parents.TryGetValue(pid, out var parent) && parent > 1 && Under(parent));
        return parents.Keys
            .Where(pid => pid != driverProcess && Under(pid) && SafeRead($"/proc/{pid}/cmdline").Contains("--type=renderer", StringComparison.Ordinal))
            .Sum(pid => SafeRead($"/proc/{pid}/status").Split('\n').Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault());
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // the process ended meanwhile
        }
    }

    private static double Wait(ChromeDriver driver, string script, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (driver.ExecuteScript(script) is { } value)
            {
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"the page did not answer: {script}");
    }

    private static async Task ServeAsync(HttpListener listener, int ports, CancellationToken cancellation)
    {
        var page = Encoding.UTF8.GetBytes(LandingPage.Html("benchmark", "/metrics"));
        var files = PageAssets.Files.ToDictionary(f => "/" + f.Path, f => (Body: Encoding.UTF8.GetBytes(PageAssets.Read(f.Path)), f.ContentType));
        var requests = 0;
        while (!cancellation.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(cancellation);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var (body, type) = context.Request.Url!.AbsolutePath switch
            {
                "/" => (page, "text/html; charset=utf-8"),
                "/topology" => (Topology(ports, ++requests), "application/json; charset=utf-8"),
                var path when files.TryGetValue(path, out var file) => (file.Body, file.ContentType),
                _ => (Encoding.UTF8.GetBytes("not found\n"), "text/plain"),
            };
            context.Response.ContentType = type;
            context.Response.Headers["Content-Security-Policy"] = PageSecurityHeaders.ContentSecurityPolicy;
            await context.Response.OutputStream.WriteAsync(body, cancellation);
            context.Response.Close();
        }
    }

    /// <summary>N ports, one container each, on bridges of 250; every tenth drops a packet more at each request, for the warning colour.</summary>
    private static byte[] Topology(int ports, int request)
    {
        var drops = new ProtocolDrops(0, 0, 0, 12, 0, 0, 0, 0);
        var bridges = Enumerable.Range(0, (ports + PortsPerBridge - 1) / PortsPerBridge).Select(b => new BridgeView(
            $"br-{b:x12}",
            $"network-{b}",
            [$"10.{b}.0.0/16"],
            [$"10.{b}.0.1"],
            [.. Enumerable.Range(b * PortsPerBridge, Math.Min(PortsPerBridge, ports - b * PortsPerBridge)).Select(i => new PortView(
                $"veth{i:x7}",
                $"c-{i:D4}",
                "eth0",
                4026532000UL + (ulong)i,
                [$"10.{b}.{i / 250}.{(i % 250) + 2}/16"],
                $"02:42:0a:{b:x2}:{i / 256:x2}:{i % 256:x2}",
                $"10.{b}.0.1",
                "bridge",
                1500.0 * i,
                700.0 * i,
                new IntervalLosses(0, 0, 0, 0),
                drops,
                [],
                new InterfaceCounters(1000UL * (ulong)i, (ulong)i, 0, i % 10 == 0 ? (ulong)request : 0, 500UL * (ulong)i, (ulong)i, 0, 0)))],
            0));
        var report = new TopologyReport(DateTimeOffset.UtcNow, 1, [.. bridges], ImmutableArray<ContainerView>.Empty);
        return JsonSerializer.SerializeToUtf8Bytes(report, TopologyJson.Default.TopologyReport);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
