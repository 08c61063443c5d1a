using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace DockerNetExporter.Http;

/// <summary>
/// HTTP basic auth against the bcrypt hashes of --web.config.file's basic_auth_users, as the exporter
/// toolkit does it: bcrypt checks one at a time (a burst of wrong passwords must not take every
/// core from the scrapes), an unknown user checked against a dummy hash (no timing tells which
/// users exist), and up to <see cref="RememberedAtMost"/> verified logins remembered (by SHA-256 of
/// the hash and the password, never in clear), so Prometheus's scrapes do not pay for bcrypt each
/// time. The users are those in force at each request: a changed hash is checked afresh.
/// </summary>
internal sealed class BasicAuthentication
{
    public const string Challenge = "Basic realm=\"docker-net-exporter\", charset=\"UTF-8\"";

    private const int RememberedAtMost = 100;

    // bcrypt of a random password at cost 10, as htpasswd -nBC 10 makes them.
    private static readonly string DummyHash = BCrypt.Net.BCrypt.HashPassword(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), 10);

    private readonly ConcurrentDictionary<string, bool> verified = new(StringComparer.Ordinal);
    private readonly Lock bcrypt = new();

    public bool IsAuthorized(string header, IReadOnlyDictionary<string, string> users)
    {
        if (!TryReadCredentials(header, out var user, out var password))
        {
            return false;
        }

        var known = users.TryGetValue(user, out var hash);
        hash ??= DummyHash;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(hash + "\n" + password)));
        if (known && verified.ContainsKey(key))
        {
            return true;
        }

        bool matches;
        lock (bcrypt)
        {
            matches = BCrypt.Net.BCrypt.Verify(password, hash);
        }

        if (!known || !matches)
        {
            return false;
        }

        if (verified.Count >= RememberedAtMost)
        {
            verified.Clear();
        }

        verified[key] = true;
        return true;
    }

    private static bool TryReadCredentials(string header, out string user, out string password)
    {
        user = password = "";
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
        if (colon < 0)
        {
            return false;
        }

        (user, password) = (credentials[..colon], credentials[(colon + 1)..]);
        return true;
    }
}
