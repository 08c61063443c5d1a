using System.Collections.Concurrent;

namespace DockerNetExporter;

/// <summary>
/// Lets a thing be done once per key, for at most <paramref name="maxKeys"/> keys: a warning about
/// one namespace, said once rather than at every mapping. Past the bound nothing more is said, so
/// that a flood of keys (a namespace made per second) cannot flood the log. Thread-safe.
/// </summary>
internal sealed class OncePerKey(int maxKeys)
{
    private readonly ConcurrentDictionary<string, byte> taken = new(StringComparer.Ordinal);

    /// <summary>True the first time for <paramref name="key"/>, while fewer than the bound were taken.</summary>
    public bool TryTake(string key) => taken.Count < maxKeys && taken.TryAdd(key, 0);
}
