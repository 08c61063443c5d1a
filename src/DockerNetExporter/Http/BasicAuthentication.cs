using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace DockerNetExporter.Http;

/// <summary>
/// HTTP basic auth against the bcrypt hashes of --web.config.file's basic_auth_users, as the exporter
/// toolkit does. /healthz stays open: it tells only that the process runs, and the container's
/// health check has no password. A bcrypt check costs tens of milliseconds, so a verified
/// user and password pair is remembered (by its SHA-256, never in clear).
/// </summary>
internal sealed class BasicAuthentication(IReadOnlyDictionary<string, string> users)
{
    private const string Challenge = "Basic realm=\"docker-net-exporter\", charset=\"UTF-8\"";
    private readonly ConcurrentDictionary<string, bool> verified = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == "/healthz" || IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = Challenge;
    }

    private bool IsAuthorized(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
        {
            return false;
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !users.TryGetValue(credentials[..colon], out var hash))
        {
            return false;
        }

        var password = credentials[(colon + 1)..];
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hash + "\n" + password)));
        return verified.GetOrAdd(key, _ => BCrypt.Net.BCrypt.Verify(password, hash));
    }
}
