using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;

namespace DockerNetExporter.Configuration;

/// <summary>
/// One read of --web.config.file and of the files it names (cert_file, key_file, client_ca_file,
/// relative to it), each within <see cref="MostBytes"/>, with a fingerprint of everything read. The
/// loader builds from these bytes, and the reload poll compares fingerprints, so a certificate
/// rotated under an unchanged YAML file is seen, and what is loaded is what was fingerprinted.
/// Reading never throws: what could not be read is kept as the reason, for the loader to say.
/// </summary>
internal sealed class WebConfigFiles
{
    /// <summary>A CA bundle of a few hundred certificates fits; a file past it is refused, not read on.</summary>
    public const int MostBytes = 4 << 20;

    private readonly Dictionary<string, (byte[]? Bytes, string? Problem)> named = new(StringComparer.Ordinal);

    private WebConfigFiles(string path) => Path = path;

    /// <summary>The web config file, as given.</summary>
    public string Path { get; }

    /// <summary>The file's text, or null if it could not be read (see <see cref="Problem"/>).</summary>
    public string? Text { get; private set; }

    /// <summary>The parsed document, or null if the file could not be read or is not valid YAML of the format.</summary>
    public WebConfigDocument? Document { get; private set; }

    /// <summary>Why the file could not be read or parsed, in words with the line and column; null if it was.</summary>
    public string? Problem { get; private set; }

    /// <summary>SHA-256 over every path and its content (or why it could not be read), in the order read.</summary>
    public string Fingerprint { get; private set; } = "";

    public static WebConfigFiles Read(string path)
    {
        var files = new WebConfigFiles(path);
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var (bytes, problem) = ReadBounded(path);
        Add(fingerprint, path, bytes, problem);
        if (bytes is null)
        {
            files.Problem = problem;
        }
        else
        {
            files.Text = new UTF8Encoding(false, false).GetString(bytes);
            try
            {
                files.Document = WebConfigDocument.Parse(files.Text);
            }
            catch (YamlException e)
            {
                var where = e.InnerException as YamlException ?? e;
                files.Problem = $"line {where.Start.Line}, column {where.Start.Column}: {Describe(where)}";
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // YamlDotNet's own failures on some malformed input (a flow sequence broken at
                // column 0; text glued after one), which carry no position.
                files.Problem = $"not valid YAML (the parser stopped: {e.Message})";
            }
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        foreach (var named in files.Document?.Tls?.NamedFiles ?? [])
        {
            var full = System.IO.Path.Combine(directory, named);
            if (!files.named.ContainsKey(full))
            {
                var read = ReadBounded(full);
                files.named[full] = read;
                Add(fingerprint, full, read.Bytes, read.Problem);
            }
        }

        files.Fingerprint = Convert.ToHexString(fingerprint.GetHashAndReset());
        return files;
    }

    /// <summary>A file the document names, by its path as written there (relative to the web config file).</summary>
    /// <param name="problem">Why it could not be read, if it could not.</param>
    public byte[]? Named(string relativePath, out string fullPath, out string? problem)
    {
        fullPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, relativePath);
        var (bytes, why) = named[fullPath];
        problem = why;
        return bytes;
    }

    private static (byte[]? Bytes, string? Problem) ReadBounded(string path)
    {
        if (Directory.Exists(path))
        {
            return (null, "a directory, not a file");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            using var content = new MemoryStream();
            Span<byte> chunk = stackalloc byte[16384];
            int read;
            while ((read = file.Read(chunk)) > 0)
            {
                if (content.Length + read > MostBytes)
                {
                    return (null, $"larger than {MostBytes >> 20} MiB");
                }

                content.Write(chunk[..read]);
            }

            return (content.ToArray(), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, "no such file");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, "permission denied");
        }
        catch (IOException e)
        {
            return (null, e.Message);
        }
    }

    private static void Add(IncrementalHash fingerprint, string path, byte[]? bytes, string? problem)
    {
        fingerprint.AppendData(Encoding.UTF8.GetBytes($"{path}\n{bytes?.Length ?? -1}\n{problem}\n"));
        fingerprint.AppendData(bytes ?? []);
    }

    /// <summary>YamlDotNet's own words without its "(Line: 1, Col: 1, Idx: 0) - (...)" prefix, which the caller says better.</summary>
    private static string Describe(YamlException e)
    {
        var message = e.Message;
        var marks = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line: ", StringComparison.Ordinal) && marks >= 0 ? message[(marks + 3)..] : message;
    }
}
