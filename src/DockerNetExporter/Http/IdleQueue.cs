using System.Net;
using System.Net.Sockets;

namespace DockerNetExporter.Http;

/// <summary>
/// Connections serving no request, by the source they came from: an IPv4 address, or an IPv6 /64,
/// which one holder can fill with addresses. The one to close to make room is the longest idle of
/// the source that holds the most idle connections; so whoever holds many idle connections loses
/// its own before a scrape from elsewhere, however fast it opens new ones. Not thread-safe.
/// </summary>
internal sealed class IdleQueue<T>
{
    private readonly Dictionary<IPAddress, LinkedList<Entry>> bySource = [];
    private long added;

    /// <summary>Queues an item as idle from now; the node takes it out again.</summary>
    public LinkedListNode<Entry> Add(T item, IPAddress? remoteAddress)
    {
        var source = SourceOf(remoteAddress);
        if (!bySource.TryGetValue(source, out var idle))
        {
            bySource[source] = idle = new LinkedList<Entry>();
        }

        return idle.AddLast(new Entry(item, source, ++added));
    }

    public void Remove(LinkedListNode<Entry> node)
    {
        var idle = node.List ?? throw new InvalidOperationException("not queued");
        idle.Remove(node);
        if (idle.Count == 0)
        {
            bySource.Remove(node.Value.Source);
        }
    }

    /// <summary>Takes out the longest idle item of the source with the most; of two sources with as many, the one idle longer.</summary>
    public bool TryTakeNextToClose(out T item)
    {
        LinkedList<Entry>? busiest = null;
        foreach (var idle in bySource.Values)
        {
            if (busiest is null || idle.Count > busiest.Count || (idle.Count == busiest.Count && idle.First!.Value.Order < busiest.First!.Value.Order))
            {
                busiest = idle;
            }
        }

        if (busiest?.First is not { } longest)
        {
            item = default!;
            return false;
        }

        Remove(longest);
        item = longest.Value.Item;
        return true;
    }

    /// <summary>The source of a remote address; one for every connection without one (a test's, a unix socket's).</summary>
    private static IPAddress SourceOf(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return new IPAddress(prefix);
    }

    /// <summary>An idle item, its source, and when it became idle (a count, not a time: only the order matters).</summary>
    internal sealed record Entry(T Item, IPAddress Source, long Order);
}
