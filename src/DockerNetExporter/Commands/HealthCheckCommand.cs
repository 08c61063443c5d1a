using System.Net;
using DockerNetExporter.Configuration;

namespace DockerNetExporter.Commands;

/// <summary>
/// <c>DockerNetExporter healthcheck</c>: asks a running exporter's /healthz and exits 0 if it answers
/// 200, else 1 with one line why. Lets a container image's HEALTHCHECK work without a shell or curl.
/// </summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(ExporterSettings settings, TextWriter error)
    {
        var listenEndPoint = settings.ListenEndPoints[0];
        var address = listenEndPoint.Address.Equals(IPAddress.IPv6Any) || listenEndPoint.Address.Equals(IPAddress.Any)
            ? IPAddress.Loopback
            : listenEndPoint.Address;
        var tls = settings.Web?.Tls is not null;
        var url = new Uri($"{(tls ? "https" : "http")}://{new IPEndPoint(address, listenEndPoint.Port)}/healthz");

        // The question is whether this process's own exporter answers, not who it is: with TLS, any
        // certificate will do (a self-signed one, or one whose name is not the address asked).
        using var handler = new HttpClientHandler();
        if (tls)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return 0;
            }

            await error.WriteLineAsync($"docker-net-exporter healthcheck: {url} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"docker-net-exporter healthcheck: {url}: {e.Message}");
        }

        return 1;
    }
}
