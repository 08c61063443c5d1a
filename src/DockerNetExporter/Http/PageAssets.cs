namespace DockerNetExporter.Http;

/// <summary>
/// The page's script and style sheet, embedded in the executable (Http/Page/, EmbeddedResource) so
/// that the page needs nothing from another host, read once at start and served from memory.
/// </summary>
internal static class PageAssets
{
    /// <summary>Each file's path under the page, relative as the page links it, with its content type.</summary>
    public static readonly (string Path, string ContentType)[] Files =
    [
        ("static/topology.js", "text/javascript; charset=utf-8"),
        ("static/topology.css", "text/css; charset=utf-8"),
    ];

    /// <summary>The embedded file at <paramref name="path"/> (one of <see cref="Files"/>), as text.</summary>
    public static string Read(string path)
    {
        var name = "DockerNetExporter.Page." + Path.GetFileName(path);
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {typeof(PageAssets).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
