namespace DockerNetExporter.Http;

/// <summary>
/// --web.max-requests, as node_exporter's promhttp MaxRequestsInFlight: at most so many scrapes are
/// served at once, and one past it is answered 503 at once rather than queued, so that a burst of
/// scrapes costs neither a wait nor memory. Only the scrape is counted (<see cref="ScrapeEndpoint"/>).
/// </summary>
/// <param name="maxRequests">Most scrapes at once; 0 for no limit.</param>
internal sealed class ScrapeRequestLimit(int maxRequests)
{
    private int inFlight;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (maxRequests == 0 || !ScrapeEndpoint.Is(context))
        {
            await next(context);
            return;
        }

        try
        {
            if (Interlocked.Increment(ref inFlight) > maxRequests)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"Limit of concurrent requests reached ({maxRequests}), try again later.\n", context.RequestAborted);
                return;
            }

            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
