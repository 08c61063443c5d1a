namespace DockerNetExporter.Metrics;

/// <summary>Series bound to kernel files kept open, which <see cref="SeriesBinder"/> keeps, re-opens or retires.</summary>
internal interface IBoundSeries : IDisposable
{
    /// <summary>Whether every file the series reads was opened; if not, the next binding tries again.</summary>
    bool HasAllFiles { get; }
}
