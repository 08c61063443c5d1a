namespace DockerNetExporter.Procfs;

/// <summary>Reads a whole procfs file, which reports a size of 0: read to the end, not to the size.</summary>
internal static class ProcFile
{
    public static bool TryReadAll(string path, out byte[] content)
    {
        try
        {
            content = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            content = [];
            return false;
        }
    }
}
