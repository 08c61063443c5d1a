namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A Linux bridge of the test's own on the host, up, with no port: a macvlan parent that is never
/// the host's uplink. Deleted when disposed, with any address the test gave it.
/// </summary>
internal sealed class TestBridge : IAsyncDisposable
{
    private TestBridge(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestBridge> CreateAsync(string name)
    {
        await Shell.CheckedAsync("ip", "link", "add", name, "type", "bridge");
        var bridge = new TestBridge(name);
        try
        {
            await Shell.CheckedAsync("ip", "link", "set", name, "up");
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }

        return bridge;
    }

    public async ValueTask DisposeAsync() => await Shell.CheckedAsync("ip", "link", "del", Name);
}
