namespace DockerNetExporter.Runtime;

/// <summary>
/// Why a sync or events session with the container runtime's API failed: a small fixed set, so a
/// label never carries what the API said.
/// </summary>
internal enum RuntimeFailure
{
    /// <summary>No connection: the socket is missing or refuses, or the connection broke.</summary>
    Unreachable,

    /// <summary>No answer in time.</summary>
    Timeout,

    /// <summary>401 or 403: a socket proxy (or an authorization plugin) denies a request discovery needs.</summary>
    Denied,

    /// <summary>Any other HTTP error status.</summary>
    ErrorStatus,

    /// <summary>An answer that is not the JSON or HTTP it should be.</summary>
    Malformed,

    /// <summary>A body that ended before its length.</summary>
    Truncated,

    /// <summary>A body, an events line or the headers over the exporter's limits; dropped unread.</summary>
    TooLarge,

    /// <summary>The events stream closed soon after it opened, or missed a change the resync found.</summary>
    EventsLost,

    /// <summary>Anything else (a defect of the exporter's, most likely): the log has its stack trace.</summary>
    Other,
}
