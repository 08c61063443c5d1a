using System.Diagnostics.CodeAnalysis;

namespace DockerNetExporter.Docker;

/// <summary>
/// What a container or network id (or network name) from the API may be before the exporter keeps
/// it or puts it in a request path: Docker's own rule for names, [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most
/// <see cref="DockerLimits.IdChars"/> characters. Anything else (a slash, a query, a 1 MiB string)
/// could reach another endpoint than the one meant, or hold memory.
/// </summary>
internal static class DockerIds
{
    public static bool IsValid([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= DockerLimits.IdChars }
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
