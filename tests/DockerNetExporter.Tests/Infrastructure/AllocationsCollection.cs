namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>Tests that count what the whole process allocates: run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationsCollection
{
    public const string Name = "Allocations";
}
