namespace DockerNetExporter;

/// <summary>
/// Lets a thing be done once in an object's life: a warning that points at the deployment
/// (permissions, the clock, a limit), not at the one item that met it first. Thread-safe.
/// </summary>
internal sealed class Once
{
    private int taken;

    /// <summary>True the first time only.</summary>
    public bool TryTake() => Interlocked.Exchange(ref taken, 1) == 0;
}
