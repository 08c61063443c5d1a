using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The exporter as its own process, with --web.config.file, while its certificate, key and
/// password are rotated under it, as an operator or cert-manager does: each new handshake gets
/// the new certificate, the old password stops working and the new one works, without a restart;
/// a broken file keeps the last good one in force and is said in one log line with its line and
/// column. A certificate made here, hashes made by htpasswd as users make them.
/// </summary>
public sealed class WebConfigReloadTests : IDisposable
{
    private const string User = "prometheus";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-rotate-");
    private readonly X509Certificate2 ca;
    private readonly RSA caKey = RSA.Create(2048);
    private readonly ITestOutputHelper testOutput;

    public WebConfigReloadTests(ITestOutputHelper testOutput)
    {
        this.testOutput = testOutput;
        var request = new CertificateRequest("CN=dockernet rotation test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_rotated_certificate_and_password_serve_the_next_connection_and_a_broken_file_keeps_the_last_good_one()
    {
        var first = await WriteCertificateAsync();
        var (process, port, output, config) = await StartAsync();
        try
        {
            var before = await GetAsync(port, "old password");
            Assert.Equal(first, before.ServerThumbprint);

            // The certificate and key are overwritten in place, the YAML replaced by a rename.
            var second = await WriteCertificateAsync();
            await WriteConfigAsync(config, await HashAsync("new password"));
            var rotated = Stopwatch.StartNew();
            await Eventually.WaitForAsync(
                async () => (await GetAsync(port, "new password")) is { Status: 200 } r && r.ServerThumbprint == second ? "rotated" : null,
                Patience,
                $"the new certificate and password in force; the exporter said:\n{string.Join('\n', output)}");
            rotated.Stop();
            testOutput.WriteLine($"the new certificate and password served {rotated.Elapsed.TotalMilliseconds:F0} ms after the files were written");
            Assert.Equal(401, (await GetAsync(port, "old password")).Status);
            Assert.Contains(output, line => line.Contains($"Web config {config} reloaded: TLS with certificate \"CN=localhost\"", StringComparison.Ordinal));

            // Within one poll (2 s) and the time to read it, on a loaded 2-core machine.
            Assert.True(rotated.Elapsed < TimeSpan.FromSeconds(5), $"took {rotated.Elapsed.TotalSeconds:F1}s");

            await File.WriteAllTextAsync(config, "tls_server_config:\n  cert_file: server.crt\n key_file: server.key\n");
            await Eventually.WaitForAsync(
                () => Task.FromResult(output.FirstOrDefault(line => line.Contains("was not loaded", StringComparison.Ordinal))),
                Patience,
                "the broken file said");
            var warning = Assert.Single(output, line => line.Contains("was not loaded", StringComparison.Ordinal));
            Assert.Contains("line 3, column 2: ", warning, StringComparison.Ordinal);
            var kept = await GetAsync(port, "new password");
            Assert.Equal(200, kept.Status);
            Assert.Equal(second, kept.ServerThumbprint);
            Assert.False(process.HasExited);

            // Said once, not at every poll.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Single(output, line => line.Contains("was not loaded", StringComparison.Ordinal));
            Assert.Equal(0, await ExporterProcess.TerminateAsync(process));
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(process);
            process.Dispose();
        }
    }

    [Fact]
    public async Task SIGHUP_reloads_at_once()
    {
        await WriteCertificateAsync();
        var (process, port, output, config) = await StartAsync();
        try
        {
            await WriteConfigAsync(config, await HashAsync("new password"));

            await ExporterProcess.SignalAsync("HUP", process.Id);

            await Eventually.WaitForAsync(
                () => Task.FromResult(output.FirstOrDefault(line => line.Contains($"Web config {config} reloaded", StringComparison.Ordinal))),
                TimeSpan.FromSeconds(10),
                $"the reload at SIGHUP; the exporter said:\n{string.Join('\n', output)}");
            Assert.Contains(output, line => line.Contains("SIGHUP received: re-reading the web config", StringComparison.Ordinal));
            Assert.Equal(200, (await GetAsync(port, "new password")).Status);
            Assert.Equal(0, await ExporterProcess.TerminateAsync(process));
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(process);
            process.Dispose();
        }
    }

    /// <summary>The exporter as its own process, over TLS with the certificate written, the user's password "old password", once it serves.</summary>
    private async Task<(Process Process, int Port, ConcurrentQueue<string> Output, string Config)> StartAsync()
    {
        var config = Path.Combine(directory.FullName, "web-config.yml");
        await WriteConfigAsync(config, await HashAsync("old password"));
        var port = ExporterProcess.FreeLoopbackPort();
        var output = new ConcurrentQueue<string>();
        var process = ExporterProcess.Start(output, $"--web.listen-address=127.0.0.1:{port}", $"--web.config.file={config}", "--docker.enabled=false");
        try
        {
            await Eventually.WaitForAsync(
                async () => (await GetAsync(port, "old password")).Status == 200 ? "ok" : null, TimeSpan.FromSeconds(30), $"the exporter serving over TLS; it said:\n{string.Join('\n', output)}");
        }
        catch (TimeoutException)
        {
            await ExporterProcess.KillIfRunningAsync(process);
            process.Dispose();
            throw;
        }

        return (process, port, output, config);
    }

    private static async Task<string> HashAsync(string password)
    {
        var htpasswd = await Shell.CheckedAsync("htpasswd", "-nbBC", "10", User, password);
        return htpasswd[(htpasswd.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>A new server certificate from the test CA, written over server.crt and server.key; its thumbprint.</summary>
    private async Task<string> WriteCertificateAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(8));
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate.GetCertHashString();
    }

    private static async Task WriteConfigAsync(string path, string hash)
    {
        var next = path + ".new";
        await File.WriteAllTextAsync(next, $"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  {User}: {hash}\n");
        File.Move(next, path, overwrite: true);
    }

    private Task<TlsProbe.Result> GetAsync(int port, string password) =>
        TlsProbe.TlsAsync(port, new TlsProbe.Options([ca], Credentials: $"{User}:{password}", Path: "/metrics"));
}
