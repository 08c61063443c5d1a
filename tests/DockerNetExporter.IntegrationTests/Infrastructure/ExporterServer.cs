using System.Collections.Concurrent;
using System.Diagnostics;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The exporter's executable serving on a free loopback port, as a user runs it, until disposed.</summary>
internal sealed class ExporterServer : IAsyncDisposable
{
    private readonly Process process;

    private ExporterServer(Process process, Uri baseAddress, HttpClient http, ConcurrentQueue<string> output)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Http = http;
        Output = output;
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>What the process printed, on either stream.</summary>
    public ConcurrentQueue<string> Output { get; }

    /// <param name="scheme">https for an exporter whose web config turns TLS on.</param>
    /// <param name="handler">How the test's client connects (which certificate it trusts); the default for plain HTTP.</param>
    /// <param name="flags">The exporter's flags, beside --web.listen-address.</param>
    public static Task<ExporterServer> StartAsync(string scheme, HttpMessageHandler? handler, params string[] flags) =>
        StartAsync(ExporterProcess.Start, scheme, handler, flags);

    /// <summary>The same, of another build of the exporter: <paramref name="executable"/>, such as the native AOT one (<see cref="AotPublish"/>).</summary>
    public static Task<ExporterServer> StartExecutableAsync(string executable, params string[] flags) =>
        StartAsync((output, arguments) => ExporterProcess.StartExecutable(output, executable, arguments), "http", null, flags);

    private static async Task<ExporterServer> StartAsync(Func<ConcurrentQueue<string>, string[], Process> start, string scheme, HttpMessageHandler? handler, string[] flags)
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var output = new ConcurrentQueue<string>();
        var process = start(output, [$"--web.listen-address=127.0.0.1:{port}", .. flags]);
        var baseAddress = new Uri($"{scheme}://127.0.0.1:{port}/");
        var http = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var exporter = new ExporterServer(process, baseAddress, http, output);
        try
        {
            await Eventually.WaitForAsync(() => ExporterProcess.HealthyAsync(exporter.Http), TimeSpan.FromSeconds(30), "the exporter serving /healthz");
            return exporter;
        }
        catch
        {
            await exporter.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await ExporterProcess.KillIfRunningAsync(process);
        process.Dispose();
    }
}
