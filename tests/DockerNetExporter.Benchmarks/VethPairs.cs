using System.Globalization;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// Real veth pairs, both ends in the host namespace, made and removed with one `ip -batch` each: as
/// many kernel interfaces with live statistics as a host of that many containers has veths.
/// </summary>
public sealed class VethPairs : IDisposable
{
    private VethPairs(string[] hostEnds, string[] peerEnds)
    {
        HostEnds = hostEnds;
        PeerEnds = peerEnds;
    }

    /// <summary>The ends that stand for the host-side veths.</summary>
    public IReadOnlyList<string> HostEnds { get; }

    /// <summary>The other ends, standing for the container interfaces.</summary>
    public IReadOnlyList<string> PeerEnds { get; }

    public static VethPairs Create(int count)
    {
        // Interface names hold at most 15 characters: dnb, this process (up to 5 digits), the index, a or b.
        var prefix = IpBatch.NamePrefix("x");
        var hostEnds = Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture) + "a").ToArray();
        var peerEnds = Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture) + "b").ToArray();
        IpBatch.Run(hostEnds.Zip(peerEnds).SelectMany(p => new[]
        {
            $"link add {p.First} type veth peer name {p.Second}", $"link set {p.First} up", $"link set {p.Second} up",
        }));
        return new VethPairs(hostEnds, peerEnds);
    }

    public void Dispose() => IpBatch.Run(HostEnds.Select(name => $"link del {name}"));
}
