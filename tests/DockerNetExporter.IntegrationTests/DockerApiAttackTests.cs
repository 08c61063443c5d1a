using System.Collections.Concurrent;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The exporter, as its own process, against a Docker API of the test's own that answers as a
/// broken daemon or a denying socket proxy would. Each attack, three sessions long: the process
/// lives, the failure is counted under its reason and said in the log, dockernet_docker_up is 0
/// (it stayed 1 before: Docker "answered"); once the API answers sanely, dockernet_docker_up is 1 again.
/// </summary>
public sealed class DockerApiAttackTests
{
    public static TheoryData<string> Attacks => [.. AttackAnswers.Keys];

    private static readonly Dictionary<string, (string Reason, Func<string, FakeDockerAnswer> Answer)> AttackAnswers = new()
    {
        ["malformed JSON"] = ("malformed", path => path == "/containers/json" ? FakeDockerAnswer.Json(200, """[{"Id": tru""") : FakeDockerDaemon.Sane(path)),
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

            await MetricsEndpoint.WaitForAsync(
                http, s => s.Name == "dockernet_docker_errors_total" && s["reason"] == reason && s.Value >= 3, TimeSpan.FromSeconds(60), $"3 failures counted as {reason}");
            await MetricsEndpoint.WaitForAsync(http, s => s.Name == "dockernet_docker_up" && s.Value == 0, TimeSpan.FromSeconds(30), "docker_up 0");
            Assert.False(process.HasExited, string.Join('\n', output));
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
}
