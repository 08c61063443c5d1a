using DockerNetExporter.Configuration;
using DockerNetExporter.Http;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DockerNetExporter.Tests.Http;

/// <summary>The web config re-read on the fake clock: what changes is loaded, what is bad is said once and the last good kept.</summary>
public sealed class WebConfigReloaderTests : IDisposable
{
    private static readonly string AliceOld = BCrypt.Net.BCrypt.HashPassword("old", 4);
    private static readonly string AliceNew = BCrypt.Net.BCrypt.HashPassword("new", 4);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-reload-");
    private readonly FakeTimeProvider time = new();
    private readonly List<string> log = [];
    private readonly string path;

    public WebConfigReloaderTests() => path = Path.Combine(directory.FullName, "web-config.yml");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public async Task A_changed_file_is_in_force_within_one_period_and_said()
    {
        using var reloader = await StartAsync($"basic_auth_users:\n  alice: {AliceOld}\n");
        Write($"basic_auth_users:\n  alice: {AliceNew}\n");

        time.Advance(WebConfigReloader.Period - TimeSpan.FromMilliseconds(1));
        Assert.Equal(AliceOld, reloader.Current.BasicAuthUsers["alice"]);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(AliceNew, reloader.Current.BasicAuthUsers["alice"]);
        Assert.Contains(log, line => line.StartsWith($"Web config {path} reloaded: plain HTTP; 1 basic auth users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_certificate_rotated_under_an_unchanged_file_is_loaded()
    {
        using var first = TestCertificates.Leaf("localhost", null, TestCertificates.ServerAuthentication, "localhost");
        using var second = TestCertificates.Leaf("localhost", null, TestCertificates.ServerAuthentication, "localhost");
        WriteCertificate(first);
        using var reloader = await StartAsync("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n");

        WriteCertificate(second);
        time.Advance(WebConfigReloader.Period);

        Assert.Equal(second.Thumbprint, reloader.Current.Tls!.Certificate.Thumbprint);
    }

    [Fact]
    public async Task A_bad_new_file_keeps_the_last_good_one_and_is_said_once_until_it_changes()
    {
        using var reloader = await StartAsync($"basic_auth_users:\n  alice: {AliceOld}\n");
        var good = reloader.Current;

        Write("basic_auth_users:\n  alice: not-a-hash\n");
        for (var i = 0; i < 5; i++)
        {
            time.Advance(WebConfigReloader.Period);
        }

        Assert.Same(good, reloader.Current);
        var warning = Assert.Single(log, line => line.Contains("was not loaded", StringComparison.Ordinal));
        Assert.Contains("basic_auth_users.alice is not a bcrypt hash", warning, StringComparison.Ordinal);

        File.Delete(path);
        time.Advance(WebConfigReloader.Period);
        Assert.Same(good, reloader.Current);
        Assert.Contains(log, line => line.Contains("was not loaded", StringComparison.Ordinal) && line.EndsWith(": no such file", StringComparison.Ordinal));

        Write($"basic_auth_users:\n  alice: {AliceNew}\n");
        time.Advance(WebConfigReloader.Period);
        Assert.Equal(AliceNew, reloader.Current.BasicAuthUsers["alice"]);
    }

    [Fact]
    public async Task Turning_TLS_on_takes_a_restart_and_is_refused_with_the_reason()
    {
        using var certificate = TestCertificates.Leaf("localhost", null, TestCertificates.ServerAuthentication, "localhost");
        WriteCertificate(certificate);
        using var reloader = await StartAsync($"basic_auth_users:\n  alice: {AliceOld}\n");

        Write("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n");
        time.Advance(WebConfigReloader.Period);

        Assert.Null(reloader.Current.Tls);
        Assert.Contains(log, line => line.Contains("it turns TLS on, which takes a restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_loads_at_once_as_SIGHUP_asks_and_an_unchanged_file_is_not_loaded_again()
    {
        using var reloader = await StartAsync($"basic_auth_users:\n  alice: {AliceOld}\n");
        var first = reloader.Current;

        reloader.Check();
        Assert.Same(first, reloader.Current);

        Write($"basic_auth_users:\n  alice: {AliceNew}\n");
        reloader.Check();
        Assert.Equal(AliceNew, reloader.Current.BasicAuthUsers["alice"]);
    }

    [Fact]
    public async Task What_cannot_be_applied_is_said_at_start()
    {
        using var certificate = TestCertificates.Leaf("localhost", null, TestCertificates.ServerAuthentication, "localhost");
        WriteCertificate(certificate);

        using var reloader = await StartAsync("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  curve_preferences: [X25519]\n");

        Assert.StartsWith($"Web config {path} in force: TLS with certificate \"CN=localhost\"", log[0], StringComparison.Ordinal);
        Assert.Contains("curve_preferences (X25519) is checked but not applied", log[1], StringComparison.Ordinal);
    }

    private async Task<WebConfigReloader> StartAsync(string yaml)
    {
        Write(yaml);
        var reloader = new WebConfigReloader(WebConfig.Load(path), time, new HookLogger<WebConfigReloader>(log.Add));
        await reloader.StartAsync(CancellationToken.None);
        return reloader;
    }

    private void Write(string yaml) => File.WriteAllText(path, yaml);

    private void WriteCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        File.WriteAllText(Path.Combine(directory.FullName, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory.FullName, "tls.key"), TestCertificates.KeyPem(certificate));
    }
}
