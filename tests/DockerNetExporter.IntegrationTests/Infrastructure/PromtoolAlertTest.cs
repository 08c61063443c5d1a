using System.Text.Encodings.Web;
using System.Text.Json;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A promtool unit test of one alert of the repository's rule file (deploy/prometheus/rules), run
/// with `promtool test rules`: input series that rise by a measured increment each minute for 60
/// minutes, the alert silent while its "for" runs and firing at 45 minutes (past the 30 minutes of
/// the errors alerts' "for") for exactly the alerts expected. The file is JSON, which YAML reads as it is.
/// </summary>
internal sealed record PromtoolAlertTest(string Alert, TimeSpan SilentAt, IReadOnlyList<(string Series, ulong Increment)> Input)
{
    public static readonly TimeSpan FiringAt = TimeSpan.FromMinutes(45);

    // Indented and with quotes unescaped, to read as promtool's report quotes it.
    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs it; promtool's own report is the message of a failure.</summary>
    public async Task AssertFiresAsync(params (IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)[] firing)
    {
        var test = JsonSerializer.Serialize(new
        {
            rule_files = new[] { RepositoryFiles.Path("deploy", "prometheus", "rules", "dockernet.rules.yml") },
            evaluation_interval = "1m",
            tests = new[]
            {
                new
                {
                    interval = "1m",
                    input_series = Input.Select(i => new { series = i.Series, values = $"0+{i.Increment}x60" }),
                    alert_rule_test = new[]
                    {
                        new { eval_time = Minutes(SilentAt), alertname = Alert, exp_alerts = Array.Empty<object>() },
                        new { eval_time = Minutes(FiringAt), alertname = Alert, exp_alerts = firing.Select(f => (object)new { exp_labels = f.Labels, exp_annotations = f.Annotations }).ToArray() },
                    },
                },
            },
        }, Readable);
        var directory = Directory.CreateTempSubdirectory("dockernet-promtool-");
        try
        {
            var file = Path.Combine(directory.FullName, "alert.test.yml");
            await File.WriteAllTextAsync(file, test);
            var (exitCode, stdout, stderr) = await Shell.RunAsync("promtool", ["test", "rules", file]);
            Assert.True(exitCode == 0, $"promtool test rules:\n{stdout}\n{stderr}\nof:\n{test}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Minutes(TimeSpan time) => $"{(int)time.TotalMinutes}m";
}
