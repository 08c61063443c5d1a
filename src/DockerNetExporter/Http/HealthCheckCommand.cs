using System.Net;

namespace DockerNetExporter.Http;

/// <summary>
/// <c>DockerNetExporter healthcheck</c>: asks a running exporter's /healthz and exits 0 if it answers
/// 200, else 1 with one line why. Lets a container image's HEALTHCHECK work without a shell or curl.
/// </summary>
internal static class HealthCheckCommand
{
    public static async Task<int> RunAsync(IPEndPoint listenEndPoint, TextWriter error)
    {
        var address = listenEndPoint.Address.Equals(IPAddress.IPv6Any) || listenEndPoint.Address.Equals(IPAddress.Any)
            ? IPAddress.Loopback
            : listenEndPoint.Address;
        var url = new Uri($"http://{new IPEndPoint(address, listenEndPoint.Port)}/healthz");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
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
