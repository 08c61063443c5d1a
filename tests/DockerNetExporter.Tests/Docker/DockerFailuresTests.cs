using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DockerNetExporter.Tests.Docker;

public sealed class DockerFailuresTests
{
    public static TheoryData<Exception, string> Failures => new()
    {
        { new DockerAnswerTooLargeException("the answer to GET /containers/json is over 32 MiB"), "too_large" },
        { new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, "headers over 64 KiB"), "too_large" },
        { new DockerEventsLostException("the events stream missed a change"), "events_lost" },
        { new DockerApiException(HttpStatusCode.Forbidden, "request forbidden by the socket proxy"), "denied" },
        { new DockerApiException(HttpStatusCode.Unauthorized, "authorization denied by plugin"), "denied" },
        { new DockerApiException(HttpStatusCode.InternalServerError, "boom"), "error_status" },
        { new DockerApiException(HttpStatusCode.NotFound, "page not found"), "error_status" },
        { new JsonException("'t' is an invalid start of a value"), "malformed" },
        { new HttpRequestException(HttpRequestError.InvalidResponse, "the server returned an invalid or unrecognized response"), "malformed" },
        { new HttpIOException(HttpRequestError.ResponseEnded, "the response ended prematurely"), "truncated" },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "the response ended prematurely"), "truncated" },
        { new TimeoutRejectedException(), "timeout" },
        { new TimeoutException("Docker did not answer the events request within 30s"), "timeout" },
        { new TaskCanceledException(), "timeout" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), "unreachable" },
        { new SocketException((int)SocketError.ConnectionReset), "unreachable" },
        { new IOException("broken pipe"), "unreachable" },
        { new BrokenCircuitException("open", new DockerApiException(HttpStatusCode.Forbidden, "denied")), "denied" },
        { new BrokenCircuitException("open"), "unreachable" },
        { new InvalidOperationException("a defect of the exporter's"), "other" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_has_its_reason(Exception exception, string reason)
    {
        Assert.Equal(reason, DockerFailures.Classify(exception).Label());
    }

    /// <summary>An error's detail is the daemon's (or an attacker's) text: one line in the log, and a short one.</summary>
    [Fact]
    public void A_detail_is_one_line_of_at_most_200_characters()
    {
        var forged = "denied\n2026-01-01T00:00:00Z info: DockerNetExporter[10] Docker API up" + new string('x', 4 << 20);

        var detail = DockerFailures.Describe(new HttpRequestException("outer", new DockerApiException(HttpStatusCode.Forbidden, forged)));

        Assert.Equal(203, detail.Length);
        Assert.DoesNotContain('\n', detail);
        Assert.StartsWith("Docker API responded with status code='Forbidden', response='denied 2026", detail, StringComparison.Ordinal);
        Assert.EndsWith("...", detail, StringComparison.Ordinal);
    }

    /// <summary>Every Docker API serves the container list and the events: a 404 there is no Docker API, whatever its body says.</summary>
    [Fact]
    public void A_404_is_said_to_be_no_Docker_API_not_quoted()
    {
        var detail = DockerFailures.Describe(new DockerApiException(HttpStatusCode.NotFound, "Docker API up"));

        Assert.Equal("HTTP 404 for paths every Docker API serves: not a Docker API (is --docker.host the daemon's address? does a proxy refuse the path?)", detail);
    }
}
