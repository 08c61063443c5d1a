namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A system user a unit file names (User=), made as the README's install makes it when the host
/// lacks it, and then removed at dispose (with the group of its name that useradd made).
/// </summary>
internal sealed class ServiceUser : IAsyncDisposable
{
    private readonly bool created;

    private ServiceUser(string name, bool created)
    {
        Name = name;
        this.created = created;
    }

    public string Name { get; }

    public static async Task<ServiceUser> EnsureAsync(string name)
    {
        var (exitCode, _, _) = await Shell.RunAsync("getent", ["passwd", name]);
        if (exitCode == 0)
        {
            return new ServiceUser(name, created: false);
        }

        await Shell.CheckedAsync("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
        return new ServiceUser(name, created: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (created)
        {
            await Shell.CheckedAsync("userdel", Name);
        }
    }
}
