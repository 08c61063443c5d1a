namespace DockerNetExporter.Kernel.Procfs;

/// <summary>Reads one kind of a namespace's protocol counters file; never throws on any content.</summary>
internal interface IProtocolParser<TCounters>
    where TCounters : struct
{
    /// <summary>The counters of <paramref name="text"/>; false if it holds none of the wanted sections whole.</summary>
    bool TryParse(ReadOnlySpan<byte> text, out TCounters counters);
}
