using System.Collections.Concurrent;
using System.Globalization;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The exporter, as its own process, against a Docker API of the test's own that answers as a
/// hostile or broken daemon or socket proxy would. Each attack, three sessions long: the process
/// lives, its resident memory stays bounded, the failure is counted under its reason and said in the log,
/// dockernet_docker_up is 0; once the API answers sanely, dockernet_docker_up is 1 again.
/// </summary>
public sealed class DockerApiAttackTests(ITestOutputHelper testOutput)
{
    /// <summary>
    /// Peak resident memory allowed (VmHWM): the exporter idles at about 80 MiB here, an answer is
    /// held to 4 MiB and a token of the streamed container list to 1 MiB (docs/reliability.md has
    /// the figures: at most 112 MiB under 20 s of any of these attacks). Before the limits, the
    /// same attacks took 0.5 to 2.7 GB.
    /// </summary>
    private const long MaxResidentBytes = 192L * 1024 * 1024;

    public static TheoryData<string> Attacks => [.. AttackAnswers.Keys];

    private static readonly Dictionary<string, (string Reason, Func<string, FakeDockerAnswer> Answer)> AttackAnswers = new()
    {
        ["a 300 MiB events line with no newline"] = ("too_large", path => path == "/events" ? FakeDockerAnswer.EndlessLine(300L << 20) : FakeDockerDaemon.Sane(path)),
        ["a 300 MiB error body to /events"] = ("too_large", path => path == "/events" ? FakeDockerAnswer.Huge("""{"message":" """, 300L << 20, status: 500) : FakeDockerDaemon.Sane(path)),
        ["a 50 MB /containers/json"] = ("too_large", path => path == "/containers/json" ? FakeDockerAnswer.Huge("""[{"Id":"a1","Labels":{"x":" """, 50_000_000) : FakeDockerDaemon.Sane(path)),
        ["a container list of 2.5 million ids, within its size"] = ("too_large", path => path == "/containers/json" ? FakeDockerAnswer.Huge("[", 30_000_000, """{"Id":"a1"},""") : FakeDockerDaemon.Sane(path)),
        ["a network list of 1.3 million empty objects, within its size"] = ("too_large", path => path == "/networks" ? FakeDockerAnswer.Huge("[", 4_000_000, "{},") : FakeDockerDaemon.Sane(path)),
        ["300 MiB of response headers"] = ("too_large", path => path == "/containers/json" ? FakeDockerAnswer.EndlessHeaders(300L << 20) : FakeDockerDaemon.Sane(path)),
        ["malformed JSON"] = ("malformed", path => path == "/containers/json" ? FakeDockerAnswer.Json(200, """[{"Id": tru""") : FakeDockerDaemon.Sane(path)),
        ["a truncated body"] = ("truncated", path => path == "/containers/json" ? FakeDockerAnswer.Truncated("""[{"Id":"0123""", 4096) : FakeDockerDaemon.Sane(path)),
        ["HTTP 500 to everything"] = ("error_status", _ => FakeDockerAnswer.Json(500, """{"message":"boom"}""")),
        ["403 on /networks"] = ("denied", path => path == "/networks" ? FakeDockerAnswer.Json(403, """{"message":"request forbidden by the socket proxy"}""") : FakeDockerDaemon.Sane(path)),
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_exporter_survives_says_docker_is_down_with_the_reason_and_recovers(string attack)
    {
        var (reason, answer) = AttackAnswers[attack];
        await using var docker = FakeDockerDaemon.Start(answer);
        var port = ExporterProcess.FreeLoopbackPort();
        var output = new ConcurrentQueue<string>();
        using var process = ExporterProcess.Start(output, $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={docker.Endpoint}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            string Log() => string.Join('\n', output);

            // Three sessions in a row, so that what each leaves behind would add up.
            await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_docker_errors_total" && s["reason"] == reason && s.Value >= 3, TimeSpan.FromSeconds(60), $"3 failures counted as {reason}");
            await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_docker_up" && s.Value == 0, TimeSpan.FromSeconds(30), "docker_up 0");
            Assert.False(process.HasExited, Log());
            var peak = PeakResidentBytes(process.Id);
            testOutput.WriteLine($"{attack}: peak resident memory {peak >> 20} MiB");
            Assert.True(peak < MaxResidentBytes, $"peak resident memory {peak >> 20} MiB, over {MaxResidentBytes >> 20} MiB\n{Log()}");
            await LogLineAsync(output, $"down: {reason}");

            docker.Answer = FakeDockerDaemon.Sane;
            await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_docker_up" && s.Value == 1, TimeSpan.FromSeconds(60), "docker_up 1 once the API answers sanely");
            await LogLineAsync(output, "up: a full sync succeeded");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The log is written behind the metrics: a line is waited for, not looked for once.</summary>
    private static Task<string> LogLineAsync(ConcurrentQueue<string> output, string text) =>
        Eventually.WaitForAsync(() => Task.FromResult(output.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal))), TimeSpan.FromSeconds(10), $"the log line \"{text}\"\n{string.Join('\n', output)}");

    /// <summary>The process's peak resident set (VmHWM in /proc/PID/status), in bytes.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
