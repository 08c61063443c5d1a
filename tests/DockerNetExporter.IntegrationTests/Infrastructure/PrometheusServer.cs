using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's package) on a free loopback port, scraping one exporter every second
/// and evaluating the repository's rules every second, or run with a configuration of the
/// repository's. The rules are beside its configuration at rules/dockernet.rules.yml, as in
/// deploy/, with their "for" durations set to 0s, so that an alert whose condition holds fires
/// within the test instead of minutes later.
/// </summary>
internal sealed partial class PrometheusServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private PrometheusServer(Process process, string directory, Uri baseAddress)
    {
        this.process = process;
        this.directory = directory;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    [GeneratedRegex(@"^(\s+)for: .*$", RegexOptions.Multiline)]
    private static partial Regex ForDuration();

    /// <param name="scrapeOptions">More settings of the scrape job, as YAML lines indented under it (scheme, tls_config, basic_auth).</param>
    public static Task<PrometheusServer> StartAsync(Uri exporter, string scrapeOptions = "") =>
        StartWithConfigurationAsync(Configuration([(exporter, null)], scrapeOptions));

    /// <summary>Scraping each exporter as job dockernet, under its own instance label, as hosts of a fleet.</summary>
    public static Task<PrometheusServer> StartAsync(IReadOnlyList<(Uri Exporter, string Instance)> hosts) =>
        StartWithConfigurationAsync(
            Configuration([.. hosts.Select(h => (h.Exporter, (string?)h.Instance))]),
            $"count(up{{job=\"dockernet\"}} == 1) == {hosts.Count}");

    /// <summary>Job dockernet scraping each target every second, under <c>Instance</c> if given (else its address), and the rules evaluated every second.</summary>
    private static string Configuration(IReadOnlyList<(Uri Exporter, string? Instance)> targets, string scrapeOptions = "")
    {
        var staticConfigs = string.Concat(targets.Select(t =>
            $"\n      - targets: [\"{t.Exporter.Authority}\"]" + (t.Instance is null ? "" : $"\n        labels: {{instance: \"{t.Instance}\"}}")));
        return $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rules/dockernet.rules.yml]
            scrape_configs:
              - job_name: dockernet
                static_configs:{staticConfigs}
            {scrapeOptions}
            """;
    }

    /// <summary>Runs with this configuration and returns once it scrapes a target of job dockernet, or once <paramref name="ready"/> answers.</summary>
    public static async Task<PrometheusServer> StartWithConfigurationAsync(string configuration, string ready = "up{job=\"dockernet\"} == 1")
    {
        var directory = Directory.CreateTempSubdirectory("dockernet-prometheus-").FullName;
        var rules = await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "prometheus", "rules", "dockernet.rules.yml"));
        Directory.CreateDirectory(Path.Combine(directory, "rules"));
        await File.WriteAllTextAsync(Path.Combine(directory, "rules", "dockernet.rules.yml"), ForDuration().Replace(rules, "${1}for: 0s"));
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), configuration);
        var port = ExporterProcess.FreeLoopbackPort();
        var start = new ProcessStartInfo("prometheus")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(directory, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start prometheus");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitForSeriesAsync(ready, TimeSpan.FromSeconds(60), "Prometheus scraping the exporter");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Queries until a series answers, and returns the first; on timeout, says what the targets API answers.</summary>
    public async Task<Dictionary<string, string>> WaitForSeriesAsync(string promql, TimeSpan timeout, string what)
    {
        try
        {
            return await Eventually.WaitForAsync(
                async () =>
                {
                    try
                    {
                        return await QueryAsync(promql) is [var first, ..] ? first : null;
                    }
                    catch (HttpRequestException)
                    {
                        return null; // Not listening yet.
                    }
                },
                timeout,
                what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} ({promql})\nPrometheus's targets: {await TargetsAnswerAsync()}", e);
        }
    }

    /// <summary>The targets API's answer as it came: discovered labels, health and last scrape error of each target.</summary>
    public async Task<string> TargetsAnswerAsync()
    {
        try
        {
            return await Http.GetStringAsync(new Uri("/api/v1/targets", UriKind.Relative));
        }
        catch (HttpRequestException e)
        {
            return $"none ({e.Message})";
        }
    }

    /// <summary>An instant query; the result's series as their label sets.</summary>
    public async Task<IReadOnlyList<Dictionary<string, string>>> QueryAsync(string promql) =>
        [.. (await QueryValuesAsync(promql)).Select(s => s.Labels)];

    /// <summary>An instant query, at <paramref name="time"/> if given (so that two queries see the same samples); each series' labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryValuesAsync(string promql, DateTimeOffset? time = null)
    {
        var at = time is { } t ? $"&time={t.ToUnixTimeMilliseconds() / 1000.0:0.000}" : "";
        using var response = await Http.GetAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(promql)}{at}", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
        {
            // Prometheus answers 503 in plain text until it is ready: the same as not listening yet.
            throw new HttpRequestException("Prometheus is not ready yet");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"query failed: {promql}: {body}");
        }

        return [.. body.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>Every loaded rule: name, type (alerting or recording), expression, health and last error.</summary>
    public async Task<IReadOnlyList<(string Name, string Type, string Query, string Health, string LastError)>> RulesAsync()
    {
        var body = await Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/rules", UriKind.Relative));
        return [.. body.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (
                r.GetProperty("name").GetString()!,
                r.GetProperty("type").GetString()!,
                r.GetProperty("query").GetString()!,
                r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out var error) ? error.GetString() ?? "" : ""))];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
