using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using DockerNetExporter.Runtime;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DockerNetExporter.Docker;

/// <summary>What a failed sync or events session is said to be: a <see cref="RuntimeFailure"/> for the label, a short detail for the log.</summary>
internal static class DockerFailures
{
    /// <summary>A detail is cut here: an error answer's body is the daemon's (or an attacker's) text.</summary>
    private const int DetailChars = 200;

    public static RuntimeFailure Classify(Exception exception) => exception switch
    {
        DockerAnswerTooLargeException => RuntimeFailure.TooLarge,
        DockerEventsLostException => RuntimeFailure.EventsLost,
        DockerApiException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => RuntimeFailure.Denied,
        DockerApiException => RuntimeFailure.ErrorStatus,
        JsonException => RuntimeFailure.Malformed,
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } or HttpIOException { HttpRequestError: HttpRequestError.InvalidResponse } => RuntimeFailure.Malformed,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => RuntimeFailure.Truncated,
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => RuntimeFailure.TooLarge,
        TimeoutRejectedException or TimeoutException or OperationCanceledException => RuntimeFailure.Timeout,
        BrokenCircuitException { InnerException: { } cause } => Classify(cause),
        HttpRequestException or IOException or SocketException or BrokenCircuitException => RuntimeFailure.Unreachable,
        _ => RuntimeFailure.Other,
    };

    /// <summary>The innermost message, on one line and at most <see cref="DetailChars"/> characters.</summary>
    public static string Describe(Exception exception)
    {
        var message = exception.GetBaseException() switch
        {
            // A 404 reaching here is for the container list or the events, which every Docker API serves.
            DockerApiException { StatusCode: HttpStatusCode.NotFound } => "HTTP 404 for paths every Docker API serves: not a Docker API (is --docker.host the daemon's address? does a proxy refuse the path?)",
            var innermost => innermost.Message,
        };
        var line = string.Concat(message.Take(DetailChars).Select(c => char.IsControl(c) ? ' ' : c));
        return message.Length > DetailChars ? line + "..." : line;
    }
}
