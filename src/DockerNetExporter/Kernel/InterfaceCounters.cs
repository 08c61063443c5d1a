namespace DockerNetExporter.Kernel;

/// <summary>
/// The eight statistics of one interface as the kernel counts them from that interface's side
/// (Documentation/ABI/testing/sysfs-class-net-statistics).
/// </summary>
internal readonly record struct InterfaceCounters(
    ulong ReceiveBytes,
    ulong ReceivePackets,
    ulong ReceiveErrors,
    ulong ReceiveDropped,
    ulong TransmitBytes,
    ulong TransmitPackets,
    ulong TransmitErrors,
    ulong TransmitDropped)
{
    /// <summary>
    /// The same traffic seen from the other end of a veth pair: what the host-side veth transmits
    /// is what the container receives, and a packet the veth could not deliver (tx_dropped) is a
    /// packet the container did not receive.
    /// </summary>
    public InterfaceCounters AsSeenByPeer() => new(
        TransmitBytes, TransmitPackets, TransmitErrors, TransmitDropped,
        ReceiveBytes, ReceivePackets, ReceiveErrors, ReceiveDropped);
}
