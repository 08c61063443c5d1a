using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>deploy/systemd as shipped: the units verify, the exporter tells systemd when it is ready, and serves on the socket systemd passes.</summary>
public sealed class SystemdTests
{
    [Fact]
    public async Task The_units_verify_without_a_warning()
    {
        var directory = Directory.CreateTempSubdirectory("dockernet-systemd-");
        try
        {
            // systemd-analyze checks that ExecStart is executable: point it at the binary just built.
            var unit = (await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "systemd", "docker-net-exporter.service")))
                .Replace("/opt/docker-net-exporter/DockerNetExporter", ExporterProcess.AppHost, StringComparison.Ordinal);
            var path = Path.Combine(directory.FullName, "docker-net-exporter.service");
            await File.WriteAllTextAsync(path, unit);
            var socket = Path.Combine(directory.FullName, "docker-net-exporter.socket");
            File.Copy(RepositoryFiles.Path("deploy", "systemd", "docker-net-exporter.socket"), socket);

            var (exitCode, stdout, stderr) = await Shell.RunAsync("systemd-analyze", ["verify", path, socket]);

            Assert.True(exitCode == 0 && stdout.Length == 0 && stderr.Length == 0, $"systemd-analyze verify: {exitCode} {stdout} {stderr}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// --web.systemd-socket: systemd-socket-activate listens as a .socket unit does, and starts the
    /// exporter at the first connection with the socket as descriptor 3, LISTEN_FDS and LISTEN_PID
    /// set; that first connection is answered on it.
    /// </summary>
    [Fact]
    public async Task With_web_systemd_socket_the_exporter_serves_on_the_socket_systemd_passes()
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var log = new ConcurrentQueue<string>();
        using var activator = ExporterProcess.StartExecutable(
            log, "systemd-socket-activate", ["--listen", $"127.0.0.1:{port}", ExporterProcess.AppHost, "--web.systemd-socket", "--docker.host=unix:///nonexistent/docker.sock"]);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await Eventually.WaitForAsync(
                async () => { await Task.CompletedTask; return log.Any(l => l.StartsWith("Listening on", StringComparison.Ordinal)) ? "listening" : null; },
                TimeSpan.FromSeconds(10),
                "systemd-socket-activate listening");

            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Single(log, l => l.Contains($"Serving /metrics on http://127.0.0.1:{port}", StringComparison.Ordinal));
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(activator);
        }
    }

    [Fact]
    public async Task With_web_systemd_socket_and_no_socket_passed_it_exits_1_with_one_line()
    {
        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync("--web.systemd-socket");

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal(
            "docker-net-exporter: --web.systemd-socket: systemd passed no socket (LISTEN_PID and LISTEN_FDS are not set): start it through its .socket unit, or without --web.systemd-socket",
            stderr);
    }

    /// <summary>
    /// Type=notify: the exporter sends READY=1 on $NOTIFY_SOCKET once it serves. It takes itself for a
    /// systemd service when its parent process is called systemd, so a shell of that name starts it.
    /// </summary>
    [Fact]
    public async Task The_exporter_sends_READY_to_the_notify_socket()
    {
        var directory = Directory.CreateTempSubdirectory("dockernet-notify-");
        var socketPath = Path.Combine(directory.FullName, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.CreateSymbolicLink(Path.Combine(directory.FullName, "systemd"), "/bin/bash");
        var port = ExporterProcess.FreeLoopbackPort();
        var start = new ProcessStartInfo(Path.Combine(directory.FullName, "systemd"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // "; exit" keeps bash as the parent instead of exec-ing the exporter.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"\"{ExporterProcess.AppHost}\" --web.listen-address=127.0.0.1:{port} --docker.host=unix:///nonexistent/docker.sock; exit $?");
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment.Remove("SYSTEMD_EXEC_PID");
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var message = Encoding.UTF8.GetString(buffer, 0, received);

            Assert.Contains("READY=1", message, StringComparison.Ordinal);
            using var http = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }
}
