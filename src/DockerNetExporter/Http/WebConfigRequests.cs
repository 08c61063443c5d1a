using DockerNetExporter.Configuration;

namespace DockerNetExporter.Http;

/// <summary>
/// What the web config in force asks of each request, in the exporter toolkit's order: the rate
/// limit (429, before anything else is done), then the configured response headers, then basic
/// auth (401 with a challenge). /healthz passes the limit and needs no password: it tells only that
/// the process runs, and a container's health check has neither a password nor a share of the
/// budget. A changed rate limit starts a new, full bucket; an unchanged one keeps its count.
/// </summary>
internal sealed class WebConfigRequests(WebConfigReloader web, TimeProvider time)
{
    private readonly BasicAuthentication authentication = new();
    private TokenBucket? bucket;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var config = web.Current;
        var open = context.Request.Path == "/healthz";
        if (!open && !Allows(config.RateLimit))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            await context.Response.WriteAsync("Too Many Requests\n");
            return;
        }

        foreach (var (name, value) in config.HttpServer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!open && config.BasicAuthUsers.Count > 0 && !authentication.IsAuthorized(context.Request.Headers.Authorization.ToString(), config.BasicAuthUsers))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = BasicAuthentication.Challenge;
            return;
        }

        await next(context);
    }

    private bool Allows(RateLimitSettings? settings)
    {
        if (settings is null)
        {
            return true;
        }

        var current = Volatile.Read(ref bucket);
        if (current?.Settings != settings)
        {
            var fresh = new TokenBucket(settings, time);
            current = Interlocked.CompareExchange(ref bucket, fresh, current) == current ? fresh : Volatile.Read(ref bucket)!;
        }

        return current.TryTake();
    }
}
