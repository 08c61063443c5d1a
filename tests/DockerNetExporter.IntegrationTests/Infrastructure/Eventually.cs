namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; the deadline is a functional limit, not a benchmark.</summary>
internal static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"within {timeout.TotalSeconds:F0}s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
