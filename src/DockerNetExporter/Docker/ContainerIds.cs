using System.Text.Json;

namespace DockerNetExporter.Docker;

/// <summary>
/// The ids of a container list (GET /containers/json), read token by token as the body streams: an
/// entry's other fields are skipped, never held, so what the list costs is its ids and one buffer as
/// large as its largest token (at most <see cref="DockerLimits.ContainerListTokenBytes"/>), not what
/// the daemon sends.
/// Past <see cref="DockerLimits.ListedContainers"/> entries the list is refused.
/// </summary>
internal static class ContainerIds
{
    private const int InitialBufferBytes = 16 * 1024;

    public static async Task<IReadOnlyList<string>> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var list = new ListReader();
        var buffer = new byte[InitialBufferBytes];
        var length = 0;
        while (true)
        {
            // A buffer full of one token that is not complete yet: make room for the rest, within the limit.
            if (length == buffer.Length)
            {
                if (buffer.Length >= DockerLimits.ContainerListTokenBytes)
                {
                    throw new DockerAnswerTooLargeException($"a value in the container list is over {DockerLimits.ContainerListTokenBytes >> 20} MiB");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            length += read;
            var consumed = list.Take(buffer.AsSpan(0, length), isFinalBlock: read == 0);
            if (read == 0)
            {
                return list.Ids;
            }

            buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
            length -= consumed;
        }
    }

    /// <summary>The state of the reading between blocks: the JSON reader's, and the entry being read.</summary>
    private sealed class ListReader
    {
        private JsonReaderState state;
        private bool inList;
        private bool nextIsId;
        private string? id;

        public List<string> Ids { get; } = [];

        /// <summary>Reads every whole token of <paramref name="block"/>; returns how many bytes they took.</summary>
        public int Take(ReadOnlySpan<byte> block, bool isFinalBlock)
        {
            var reader = new Utf8JsonReader(block, isFinalBlock, state);
            while (reader.Read())
            {
                Take(ref reader);
            }

            if (isFinalBlock && inList)
            {
                throw new JsonException("the container list ends before its closing bracket");
            }

            state = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }

        private void Take(ref Utf8JsonReader reader)
        {
            switch (reader.CurrentDepth, reader.TokenType)
            {
                case (0, JsonTokenType.StartArray):
                    inList = true;
                    break;
                case (0, JsonTokenType.EndArray):
                    inList = false;
                    break;
                case (0, _):
                    throw new JsonException("the container list is not a JSON array");
                case (1, JsonTokenType.StartObject):
                    id = null;
                    break;
                case (1, JsonTokenType.EndObject):
                    Add();
                    break;
                case (1, _):
                    throw new JsonException("the container list has an entry that is not an object");
                case (2, JsonTokenType.PropertyName):
                    nextIsId = reader.ValueTextEquals("Id"u8);
                    break;
                case (2, _) when nextIsId:
                    id = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= DockerLimits.IdChars ? reader.GetString() : null;
                    nextIsId = false;
                    break;
            }
        }

        private void Add()
        {
            if (!DockerIds.IsValid(id))
            {
                throw new JsonException("the container list has an entry without a valid Id");
            }

            if (Ids.Count == DockerLimits.ListedContainers)
            {
                throw new DockerAnswerTooLargeException($"the container list names over {DockerLimits.ListedContainers} containers");
            }

            Ids.Add(id);
        }
    }
}
