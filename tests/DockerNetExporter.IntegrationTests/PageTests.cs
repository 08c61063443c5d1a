using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using DockerNetExporter.IntegrationTests.Infrastructure;
using OpenQA.Selenium;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The page at / in Debian's headless Chromium, against the exporter's executable and containers
/// this test started: what it draws is checked against docker inspect and the kernel, its drops
/// against /metrics. A screenshot of each state goes to artifacts/test-results/page/.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class PageTests(DockerEnvironment environment) : IAsyncLifetime, IDisposable
{
    /// <summary>One port's box as the page draws it, read in one script so that no refresh comes between its parts.</summary>
    private const string PortScript = """
        const port = [...document.querySelectorAll('#drawing g.port')].find(g => g.dataset.container === arguments[0]);
        if (!port) return null;
        const bridge = port.closest('g.bridge');
        return JSON.stringify({
          text: port.textContent, classes: port.getAttribute('class'), veth: port.dataset.veth,
          bridge: bridge.dataset.bridge, bridgeText: bridge.querySelector('.bridge-head').textContent,
          dropped: port.dataset.dropped, droppedInterval: port.dataset.droppedInterval,
          stroke: port.querySelector('rect').getAttribute('stroke'), drawn: document.getElementById('drawing').dataset.drawn });
        """;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private ExporterServer exporter = null!;
    private readonly HeadlessChromium browser = new();

    private DockerCli Docker => environment.Docker;

    public async Task InitializeAsync()
    {
        exporter = await ExporterServer.StartAsync("http", null, $"--docker.host={DockerEnvironment.DockerHost}");
    }

    public async Task DisposeAsync() => await exporter.DisposeAsync();

    public void Dispose() => browser.Dispose();

    [Fact]
    public async Task The_page_shows_a_started_container_as_docker_inspect_and_the_kernel_say()
    {
        var network = Docker.Name("page-net");
        await Docker.CreateNetworkAsync(network);
        var container = Docker.Name("page-shown");
        await Docker.StartContainerAsync(container, ["--network", network]);
        var ip = await Docker.InspectAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
        var mac = await Docker.InspectAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").MacAddress}}}}");
        var gateway = await Docker.InspectAsync(container, $"{{{{(index .NetworkSettings.Networks \"{network}\").Gateway}}}}");
        var veth = await Docker.HostVethOfAsync(container, "eth0");
        var bridge = HostKernel.Master(veth)!;
        var route = await Docker.ExecAsync(container, "ip", "route", "show", "default");
        Assert.Contains($"default via {gateway} ", route, StringComparison.Ordinal);

        browser.Open(exporter.BaseAddress);
        var port = await WaitForPortAsync(container, _ => true, "the container's box");
        browser.Run("[...document.querySelectorAll('#drawing g.port')].find(g => g.dataset.container === arguments[0]).scrollIntoView({ block: 'center' })", container);
        browser.Screenshot("container");

        Assert.Contains($"eth0 {ip}", port.Text, StringComparison.Ordinal);
        Assert.Contains($"mac {mac}", port.Text, StringComparison.Ordinal);
        Assert.Contains($"gateway {gateway}", port.Text, StringComparison.Ordinal);
        Assert.Contains($"veth {veth}", port.Text, StringComparison.Ordinal);
        Assert.Equal(veth, port.Veth);
        Assert.Equal(bridge, port.Bridge);
        Assert.Contains($"bridge {bridge} · network {network}", port.BridgeText, StringComparison.Ordinal);
        Assert.Contains($"gateway {gateway}", port.BridgeText, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", port.Classes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_container_is_gone_from_the_first_refresh_after_its_removal()
    {
        var container = Docker.Name("page-removed");
        await Docker.StartContainerAsync(container, []);
        browser.Open(exporter.BaseAddress);
        SetRefresh(2000);
        await WaitForPortAsync(container, _ => true, "the container's box");

        await Docker.RunAsync("rm", "-f", container);
        // The exporter's own word that it is gone (its destroy event handled): a refresh that began
        // between the removal and that would still, rightly, draw it.
        await Eventually.WaitForAsync(
            async () => MetricsText.Parse(await exporter.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)))
                .Any(s => s.Name == "dockernet_container_info" && s["container"] == container) ? null : "gone",
            TimeSpan.FromSeconds(30),
            $"{container} gone from the exporter's series");
        var startedBefore = Number(browser.Run("return document.getElementById('drawing').dataset.started"));

        await WaitForPageAsync($"return Number(document.getElementById('drawing').dataset.drawn) > {startedBefore} ? 'drawn' : null", "a refresh started after the removal");
        browser.Screenshot("removed");
        Assert.Null(browser.Run(PortScript, container));
    }

    /// <summary>
    /// As in CounterTests: a container with MTU 1000 drops 1400-byte pings. The page, paused while
    /// they are sent, draws the container's box and link in the warning colour on its next refresh,
    /// with the count that /metrics gives.
    /// </summary>
    [Fact]
    public async Task A_container_that_drops_turns_to_the_warning_colour_with_the_drops_of_metrics()
    {
        var network = Docker.Name("page-drop-net");
        await Docker.CreateNetworkAsync(network);
        var sender = Docker.Name("page-drop-sender");
        var small = Docker.Name("page-drop-small");
        await Docker.StartContainerAsync(sender, ["--network", network]);
        await Docker.StartContainerAsync(small, ["--network", network, "--cap-add", "NET_ADMIN"]);
        await Docker.ExecAsync(small, "ip", "link", "set", "eth0", "mtu", "1000");
        var smallIp = await Docker.InspectAsync(small, $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}");
        browser.Open(exporter.BaseAddress);
        await WaitForPortAsync(small, p => p.Dropped.Length > 0, "the small container's box with its counters");
        browser.Driver.FindElement(By.Id("pause")).Click();
        await WaitForPageAsync("const d = document.getElementById('drawing').dataset; return d.drawn === d.started ? 'idle' : null", "no refresh under way");
        var before = await DroppedAsync(small);

        var ping = await Shell.RunAsync(DockerCli.Executable, ["exec", sender, "ping", "-c", "5", "-i", "0.2", "-W", "1", "-s", "1400", smallIp]);
        Assert.NotEqual(0, ping.ExitCode); // every packet was dropped
        var after = await DroppedAsync(small);
        Assert.True(after >= before + 5, $"the exporter counted the drops: {before} then {after}");
        browser.Driver.FindElement(By.Id("pause")).Click(); // resume: one refresh now

        var port = await WaitForPortAsync(small, p => p.Classes.Contains("warning", StringComparison.Ordinal), "the small container in the warning colour");
        var normal = await WaitForPortAsync(sender, _ => true, "the sender's box");
        Assert.Equal(after.ToString(CultureInfo.InvariantCulture), port.Dropped);
        Assert.Equal((after - before).ToString(CultureInfo.InvariantCulture), port.DroppedInterval);
        Assert.Contains($"⚠ {after - before} dropped", port.Text, StringComparison.Ordinal);
        Assert.NotEqual(normal.Stroke, port.Stroke);
        Assert.DoesNotContain("warning", normal.Classes, StringComparison.Ordinal);

        // The README's picture: the two containers of the network, one of them dropping.
        browser.Driver.FindElement(By.Id("filter")).SendKeys(network);
        await WaitForPageAsync(ShownScript([sender, small], []), "the network's two containers");
        Assert.Equal("warning", (await WaitForPortAsync(small, _ => true, "the small container")).Classes.Split(' ')[^1]);
        browser.Screenshot("drops");
    }

    /// <summary>A container: sharer has no veth of its own: drawn apart, with an arrow that ends at the box of the container whose namespace it shares.</summary>
    [Fact]
    public async Task A_container_sharing_another_s_namespace_is_drawn_apart_pointing_at_its_owner()
    {
        var owner = Docker.Name("page-owner");
        var sharer = Docker.Name("page-sharer");
        await Docker.StartContainerAsync(owner, []);
        await Docker.StartContainerAsync(sharer, ["--network", $"container:{owner}"]);
        browser.Open(exporter.BaseAddress);

        var drawn = await WaitForPageAsync("""
            const apart = [...document.querySelectorAll('#drawing g.apart-container')].find(g => g.dataset.container === arguments[0]);
            const owner = [...document.querySelectorAll('#drawing g.port')].find(g => g.dataset.container === arguments[1]);
            const arrow = apart && apart.querySelector('path.shares');
            if (!arrow || !owner) return null;
            const end = arrow.getAttribute('d').trim().split(/[ ,]+/).slice(-2).map(Number);
            const box = owner.querySelector('rect');
            const x = Number(box.getAttribute('x')), y = Number(box.getAttribute('y'));
            return JSON.stringify({ mode: apart.dataset.networkMode, inside: end[0] >= x && end[0] <= x + Number(box.getAttribute('width')) && end[1] === y + Number(box.getAttribute('height')) });
            """, "the sharer apart with its arrow", sharer, owner);
        browser.Screenshot("sharer");

        using var result = JsonDocument.Parse(drawn);
        Assert.StartsWith("container:", result.RootElement.GetProperty("mode").GetString(), StringComparison.Ordinal);
        Assert.True(result.RootElement.GetProperty("inside").GetBoolean(), drawn);
    }

    [Fact]
    public async Task The_filter_keeps_the_containers_of_a_name_or_a_network_and_hides_the_others()
    {
        var network = Docker.Name("page-filter-net");
        await Docker.CreateNetworkAsync(network);
        var kept = Docker.Name("page-filter-kept");
        var other = Docker.Name("page-filter-other");
        var elsewhere = Docker.Name("page-filter-elsewhere");
        await Docker.StartContainerAsync(kept, ["--network", network]);
        await Docker.StartContainerAsync(other, ["--network", network]);
        await Docker.StartContainerAsync(elsewhere, []);
        browser.Open(exporter.BaseAddress);
        await WaitForPortAsync(elsewhere, _ => true, "the box of the container on the default network");
        var filter = browser.Driver.FindElement(By.Id("filter"));

        filter.SendKeys(kept);
        await WaitForPageAsync(ShownScript([kept], [other, elsewhere]), "only the container named");
        browser.Screenshot("filter-container");

        filter.Clear();
        filter.SendKeys(network);
        await WaitForPageAsync(ShownScript([kept, other], [elsewhere]), "only the containers of the network named");
        browser.Screenshot("filter-network");

        browser.Driver.FindElement(By.CssSelector("#drawing g.bridge .bridge-head")).Click();
        await WaitForPageAsync(ShownScript([], [kept, other, elsewhere]), "the bridge collapsed");
        Assert.Equal(1L, browser.Run("return document.querySelectorAll('#drawing g.bridge').length"));
    }

    [Fact]
    public async Task The_SVG_download_is_the_drawing()
    {
        var container = Docker.Name("page-svg");
        await Docker.StartContainerAsync(container, []);
        browser.Open(exporter.BaseAddress);
        await WaitForPortAsync(container, _ => true, "the container's box");

        var svg = await DownloadSvgAsync();

        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
        Assert.Contains(svg.Descendants(), e => e.Attribute("data-container")?.Value == container);
        Assert.Contains(container, svg.Root.Value, StringComparison.Ordinal);
    }

    /// <summary>
    /// Docker takes any network name, markup included (anyone who may create a network names it): the
    /// page draws it as text, so no element of the name's comes into the page, and the SVG download
    /// keeps it as text too.
    /// </summary>
    [Fact]
    public async Task A_network_named_with_markup_is_drawn_as_text()
    {
        var network = Docker.Name("page-markup") + "<img src=x onerror=\"document.title='owned'\"><script>document.title='owned'</script>";
        await Docker.CreateNetworkAsync(network);
        var container = Docker.Name("page-markup");
        // docker run reads --network as CSV with key=value fields: connect by the name as it is instead.
        await Docker.StartContainerAsync(container, []);
        await Docker.RunAsync("network", "connect", network, container);
        await Docker.RunAsync("network", "disconnect", "bridge", container);
        browser.Open(exporter.BaseAddress);

        var port = await WaitForPortAsync(container, _ => true, "the container's box");

        Assert.Contains($"network {network}", port.BridgeText, StringComparison.Ordinal);
        Assert.Equal(0L, browser.Run("return document.querySelectorAll('img, script:not([src]), #drawing foreignObject').length"));
        Assert.Equal("docker-net-exporter", browser.Run("return document.title"));
        var svg = await DownloadSvgAsync();
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "img" or "script");
        Assert.Contains(network, svg.Root!.Value, StringComparison.Ordinal);
    }

    /// <summary>The native AOT build, published by the README's command, serves the page, its embedded files and the topology it draws.</summary>
    [Fact]
    public async Task The_native_AOT_build_serves_the_page_and_draws()
    {
        var container = Docker.Name("page-aot");
        await Docker.StartContainerAsync(container, []);
        var published = await AotPublish.OnceAsync(environment);
        await using var aot = await ExporterServer.StartExecutableAsync(Path.Combine(published.Path, "DockerNetExporter"), $"--docker.host={DockerEnvironment.DockerHost}");

        browser.Open(aot.BaseAddress);

        var port = await Eventually.WaitForAsync(
            () => Task.FromResult(browser.Run(PortScript, container) as string), TimeSpan.FromSeconds(30), "the container's box, drawn by the AOT build's page");
        Assert.Contains(container, port, StringComparison.Ordinal);
        Assert.Empty(browser.RequestsElsewhere(aot.BaseAddress));
    }

    /// <summary>The page loads its script and style from the exporter and fetches only /topology from it: every request the browser made is to the exporter's origin.</summary>
    [Fact]
    public async Task The_page_asks_nothing_of_another_origin_and_forbids_it_by_its_policy()
    {
        browser.Open(exporter.BaseAddress);
        SetRefresh(2000);
        await WaitForPageAsync("return Number(document.getElementById('drawing').dataset.drawn) >= 2 ? 'twice' : null", "two refreshes");

        var urls = browser.RequestedUrls();
        var origin = exporter.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Contains(urls, u => u == $"{origin}/static/topology.js");
        Assert.Contains(urls, u => u == $"{origin}/static/topology.css");
        // The first picture over the shortest interval, the next ones over a second.
        var reads = urls.Where(u => u.StartsWith($"{origin}/topology?", StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count >= 2 && reads[0] == $"{origin}/topology?interval=100ms" && reads.Skip(1).All(u => u == $"{origin}/topology?interval=1s"), string.Join('\n', urls));
        Assert.Empty(browser.RequestsElsewhere(exporter.BaseAddress));

        using var page = await exporter.Http.GetAsync(new Uri("/", UriKind.Relative));
        var policy = string.Join(';', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A script that answers "shown" once every one of <paramref name="shown"/> has a box and none of <paramref name="hidden"/>.</summary>
    private static string ShownScript(string[] shown, string[] hidden) => $$"""
        const names = new Set([...document.querySelectorAll('#drawing g.port')].map(g => g.dataset.container));
        return {{JsonSerializer.Serialize(shown)}}.every(n => names.has(n)) && !{{JsonSerializer.Serialize(hidden)}}.some(n => names.has(n)) ? 'shown' : null;
        """;

    /// <summary>Clicks Download SVG and reads the file the browser saves.</summary>
    private async Task<XDocument> DownloadSvgAsync()
    {
        browser.Driver.FindElement(By.Id("download")).Click();
        var file = await Eventually.WaitForAsync(
            () => Task.FromResult(browser.DownloadDirectory.GetFiles("*.svg").FirstOrDefault()), TimeSpan.FromSeconds(15), "the SVG downloaded");
        return XDocument.Load(file.FullName);
    }

    private static long Number(object? value) => Convert.ToInt64(value as string ?? "0", CultureInfo.InvariantCulture);

    private void SetRefresh(int milliseconds) => browser.Run(
        "const s = document.getElementById('refresh'); s.value = String(arguments[0]); s.dispatchEvent(new Event('change'));", milliseconds);

    private Task<string> WaitForPageAsync(string script, string what, params object[] arguments) =>
        Eventually.WaitForAsync(() => Task.FromResult(browser.Run(script, arguments) as string), TimeSpan.FromSeconds(30), what);

    private async Task<PortBox> WaitForPortAsync(string container, Func<PortBox, bool> predicate, string what) =>
        await Eventually.WaitForAsync(
            () => Task.FromResult(browser.Run(PortScript, container) is string json && JsonSerializer.Deserialize<PortBox>(json, JsonOptions) is { } port && predicate(port) ? port : null),
            TimeSpan.FromSeconds(30),
            what);

    /// <summary>What /metrics says the container dropped, received and sent, on its interfaces.</summary>
    private async Task<long> DroppedAsync(string container)
    {
        var samples = await MetricsEndpoint.ScrapeAsync(exporter.Http);
        return (long)samples
            .Where(s => s.Name is "dockernet_container_receive_dropped_total" or "dockernet_container_transmit_dropped_total" && s["container"] == container)
            .Sum(s => s.Value);
    }

    private sealed record PortBox(string Text, string Classes, string Veth, string Bridge, string BridgeText, string Dropped, string DroppedInterval, string Stroke);
}
