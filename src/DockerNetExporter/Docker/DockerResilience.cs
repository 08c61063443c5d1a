using System.Net.Sockets;
using Docker.DotNet;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DockerNetExporter.Docker;

/// <summary>
/// The Polly pipelines around Docker: API calls retry a few times with exponential backoff and
/// jitter behind a circuit breaker, so a dead daemon is not hammered; the events session
/// reconnects forever with capped backoff.
/// </summary>
internal static class DockerResilience
{
    public static ResiliencePipeline ApiCalls(TimeProvider timeProvider) => new ResiliencePipelineBuilder { TimeProvider = timeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(5),
        })
        .AddTimeout(TimeSpan.FromSeconds(15))
        .Build();

    /// <summary>Retries the events session for as long as the exporter runs.</summary>
    public static ResiliencePipeline EventsSession(TimeProvider timeProvider, Action<Exception, TimeSpan> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // Every failure but the exporter's own shutdown, including an HTTP timeout's TaskCanceledException.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(30),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception!, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>
    /// Worth retrying at once: a server error or a broken connection. An answer over the limits
    /// (headers here; bodies and lines throw <see cref="DockerAnswerTooLargeException"/>) is not:
    /// it would only be read again.
    /// </summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        DockerApiException api => (int)api.StatusCode >= 500,
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => false,
        HttpRequestException or IOException or SocketException or TimeoutRejectedException => true,
        _ => false,
    };
}
