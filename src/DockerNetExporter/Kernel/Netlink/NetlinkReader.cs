using System.Runtime.InteropServices;
using DockerNetExporter.Kernel.Procfs;

namespace DockerNetExporter.Kernel.Netlink;

/// <summary>
/// Reads a network namespace through rtnetlink from inside it: for a namespace no process holds (a
/// file under /run/netns), or one whose processes see the host's sysfs; and, from inside the host's,
/// where each host link's peer is. A netlink socket belongs to the namespace of the thread that
/// created it (net/netlink/af_netlink.c), and setns(2) moves only the calling thread; so each read
/// runs on a thread of its own that enters the namespace, opens the socket, asks, and ends, never
/// handing a moved thread back to the pool. One read at a time: the reads share one receive buffer.
/// </summary>
internal sealed class NetlinkReader : INetlinkReader
{
    private const int NetlinkFamily = 16;            // AF_NETLINK
    private const int RawSocket = 3 | 0x80000;       // SOCK_RAW | SOCK_CLOEXEC
    private const int RouteProtocol = 0;             // NETLINK_ROUTE
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int NonBlocking = 0x800;           // O_NONBLOCK: a namespace file never blocks, whatever is mounted where it was
    private const int NewNetNamespace = 0x40000000;  // CLONE_NEWNET
    private const int ReceiveBytes = 64 * 1024;      // more than the 32 KiB a dump datagram grows to (netlink_dump, max_recvmsg_len)
    private const int SocketLevel = 1;               // SOL_SOCKET
    private const int ReceiveTimeoutOption = 20;     // SO_RCVTIMEO (asm-generic/socket.h, x86 alike)

    /// <summary>
    /// A dump is answered at once by the kernel. The socket gives up a receive after this, so its
    /// thread ends and closes it; the caller waits twice as long, a bound on a thread stuck regardless.
    /// </summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    // Reused from read to read (a scan reads every namespace); a thread given up on keeps its own.
    private byte[] buffer = new byte[ReceiveBytes];

    private static readonly IReadOnlyDictionary<ulong, int> NoIds = new Dictionary<ulong, int>();

    // The nsids the last read of peers placed namespaces with, by inode: what a kept namespace's stands on.
    private IReadOnlyDictionary<ulong, int> namespaceIds = new Dictionary<ulong, int>();

    private delegate T? ReadOnSocket<T>(int socket, byte[] buffer, out int error);

    private delegate bool DatagramParser<in TState>(ReadOnlySpan<byte> datagram, TState state, out int error);

    /// <inheritdoc/>
    public NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error) =>
        OnThreadOfItsOwn(netnsPath, ownNetnsPath, ReadNamespace, out error);

    /// <inheritdoc/>
    public LinkPeers? TryReadPeers(string hostNetnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error)
    {
        var lastIds = namespaceIds;
        var read = OnThreadOfItsOwn(hostNetnsPath, ownNetnsPath, (int socket, byte[] receiveBuffer, out int failure) => ReadPeers(socket, receiveBuffer, namespaces, lastIds, out failure), out error);
        if (read is not null)
        {
            namespaceIds = read.NamespaceIds; // here, not on the reading thread, which may have been given up on
        }

        return read?.Peers;
    }

    /// <inheritdoc/>
    public LinkPeers? TryReadPeersFrom(string netnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error) =>
        OnThreadOfItsOwn(
            netnsPath, ownNetnsPath, (int socket, byte[] receiveBuffer, out int failure) => ReadPeers(socket, receiveBuffer, namespaces, NoIds, out failure), out error)?.Peers;

    /// <inheritdoc/>
    public TFiles? TryOpenInside<TFiles>(string netnsPath, string ownNetnsPath, Func<string, TFiles?> open, out int error)
        where TFiles : class, IDisposable
    {
        TFiles? files = null;
        var failure = 0;
        var gate = new Lock();
        var givenUp = false;
        var thread = new Thread(() =>
        {
            if (TryEnterUnlessOwn(netnsPath, ownNetnsPath, out failure))
            {
                // The thread's own view, bound to the namespace it is in now; the opener checks it is the one asked for.
                var opened = open(ThreadSelf);
                failure = opened is null ? 2 : 0; // ENOENT: another namespace, or no file to open
                lock (gate)
                {
                    if (givenUp)
                    {
                        opened?.Dispose(); // too late: nobody will close it, so it is closed here
                    }
                    else
                    {
                        files = opened;
                    }
                }
            }
        }) { IsBackground = true, Name = "netns file opener" };
        thread.Start();
        if (!thread.Join(ReadTimeout))
        {
            lock (gate)
            {
                givenUp = files is null;
                error = givenUp ? 110 : 0; // ETIMEDOUT
                return files;
            }
        }

        error = failure;
        return files;
    }

    /// <summary>The calling thread's own procfs directory, /proc/thread-self, whose net/ and ns/net follow the thread's namespace, not the process's.</summary>
    private const string ThreadSelf = "/proc/thread-self";

    private static NamespaceView? ReadNamespace(int socket, byte[] buffer, out int error)
    {
        var view = new NamespaceView.Builder();
        uint sequence = 0;
        foreach (var type in (ReadOnlySpan<ushort>)[NetlinkMessages.GetLink, NetlinkMessages.GetAddress, NetlinkMessages.GetRoute])
        {
            if (!TryDump(socket, NetlinkMessages.DumpRequest(type, ++sequence), buffer, view, NetlinkMessages.TryParse, out error))
            {
                return null;
            }
        }

        error = 0;
        return view.ToView();
    }

    /// <summary>
    /// The dump first: it gives every namespace a host link leads to an nsid (rtnl_fill_link_netnsid,
    /// peernet2id_alloc), which RTM_GETNSID then only looks up. A kept namespace placed last time
    /// keeps its nsid (<paramref name="lastIds"/>) unless a namespace asked afresh has it now; a
    /// namespace whose file cannot be opened, is another namespace than the one read, or is refused
    /// an answer stays unplaced; a socket that stops answering ends the read.
    /// </summary>
    private static PeersRead? ReadPeers(int socket, byte[] buffer, IReadOnlyCollection<NamespaceFile> namespaces, IReadOnlyDictionary<ulong, int> lastIds, out int error)
    {
        var links = new Dictionary<int, PeerLink>(namespaces.Count); // a veth per namespace, give or take
        if (!TryDump(socket, NetlinkMessages.DumpRequest(NetlinkMessages.GetLink, 1), buffer, links, NetlinkMessages.TryParsePeers, out error))
        {
            return null;
        }

        var request = new byte[NetlinkMessages.NamespaceIdRequestBytes];
        var status = new byte[Statx.BufferBytes];
        var idsByInode = new Dictionary<ulong, int>(namespaces.Count);
        var identified = new HashSet<ulong>();
        var kept = new HashSet<ulong>();
        uint sequence = 1;
        foreach (var netns in namespaces)
        {
            if (identified.Contains(netns.Inode))
            {
                continue;
            }

            if (netns.Kept && lastIds.TryGetValue(netns.Inode, out var keptId))
            {
                identified.Add(netns.Inode);
                idsByInode[netns.Inode] = keptId;
                kept.Add(netns.Inode);
                continue;
            }

            var file = Open(netns.Path, ReadOnlyCloseOnExec | NonBlocking);
            if (file < 0)
            {
                continue; // the process has exited since its namespace was read
            }

            try
            {
                if (!Statx.TryGetInode(file, status, out var inode) || inode != netns.Inode)
                {
                    continue;
                }

                NetlinkMessages.WriteNamespaceIdRequest(request, file, ++sequence);
                if (!TrySend(socket, request, out error) || !TryReceive(socket, buffer, out var received, out error))
                {
                    return null;
                }

                if (NetlinkMessages.TryParseNamespaceId(buffer.AsSpan(0, received), sequence, out var namespaceId, out _))
                {
                    identified.Add(inode);
                    if (namespaceId != NetlinkMessages.NoNamespaceId)
                    {
                        idsByInode[inode] = namespaceId; // none is not kept: a link to it may come
                    }
                }
            }
            finally
            {
                _ = Close(file); // a descriptor only read from: nothing to lose if close fails
            }
        }

        // The kernel's answer now outweighs a kept one. A namespace keeps its nsid while it lives, but
        // when it dies the kernel hands the lowest free nsid out again at once: a kept nsid that a
        // namespace asked afresh now has was a dead namespace's, which is placed no more.
        var inodesById = new Dictionary<int, ulong>(idsByInode.Count);
        foreach (var (inode, namespaceId) in idsByInode)
        {
            if (!kept.Contains(inode))
            {
                inodesById[namespaceId] = inode;
            }
        }

        foreach (var inode in kept)
        {
            if (!inodesById.TryAdd(idsByInode[inode], inode))
            {
                identified.Remove(inode);
                idsByInode.Remove(inode);
            }
        }

        var peers = new Dictionary<int, LinkPeer>(links.Count);
        foreach (var (ifIndex, link) in links)
        {
            peers[ifIndex] = new LinkPeer(link.IfIndex, inodesById.TryGetValue(link.NamespaceId, out var inode) ? inode : null);
        }

        error = 0;
        return new PeersRead(new LinkPeers(peers, identified), idsByInode);
    }

    private T? OnThreadOfItsOwn<T>(string netnsPath, string ownNetnsPath, ReadOnSocket<T> read, out int error)
        where T : class
    {
        T? result = null;
        var failure = 0;
        var receiveBuffer = buffer;
        var thread = new Thread(() => result = ReadInside(netnsPath, ownNetnsPath, receiveBuffer, read, out failure)) { IsBackground = true, Name = "netlink reader" };
        thread.Start();
        if (!thread.Join(ReadTimeout * 2))
        {
            buffer = new byte[ReceiveBytes];
            error = 110; // ETIMEDOUT
            return null;
        }

        error = failure;
        return result;
    }

    private static T? ReadInside<T>(string netnsPath, string ownNetnsPath, byte[] buffer, ReadOnSocket<T> read, out int error)
        where T : class
    {
        if (!TryEnterUnlessOwn(netnsPath, ownNetnsPath, out error))
        {
            return null;
        }

        var socket = Socket(NetlinkFamily, RawSocket, RouteProtocol);
        if (socket < 0)
        {
            error = Marshal.GetLastPInvokeError();
            return null;
        }

        // struct timeval: seconds, then microseconds, each a long.
        var timeout = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(timeout, (long)ReadTimeout.TotalSeconds);
        if (SetSocketOption(socket, SocketLevel, ReceiveTimeoutOption, timeout, timeout.Length) < 0)
        {
            error = Marshal.GetLastPInvokeError();
            _ = Close(socket);
            return null;
        }

        try
        {
            return read(socket, buffer, out error);
        }
        finally
        {
            _ = Close(socket);
        }
    }

    /// <summary>Moves the calling thread into the namespace, unless it is the exporter's own (entered without CAP_SYS_ADMIN, by staying).</summary>
    private static bool TryEnterUnlessOwn(string netnsPath, string ownNetnsPath, out int error)
    {
        error = 0;
        return (Statx.TryGetInode(netnsPath, out var inode) && Statx.TryGetInode(ownNetnsPath, out var ownInode) && inode == ownInode)
            || TryEnter(netnsPath, out error);
    }

    /// <summary>Moves the calling thread into the namespace.</summary>
    private static bool TryEnter(string netnsPath, out int error)
    {
        var netns = Open(netnsPath, ReadOnlyCloseOnExec | NonBlocking);
        if (netns < 0)
        {
            error = Marshal.GetLastPInvokeError();
            return false;
        }

        var entered = SetNamespace(netns, NewNetNamespace);
        error = entered < 0 ? Marshal.GetLastPInvokeError() : 0;
        _ = Close(netns); // a descriptor only read from: nothing to lose if close fails
        return entered == 0;
    }

    private static bool TryDump<TState>(int socket, byte[] request, byte[] buffer, TState state, DatagramParser<TState> parse, out int error)
    {
        if (!TrySend(socket, request, out error))
        {
            return false;
        }

        while (TryReceive(socket, buffer, out var received, out error))
        {
            if (!parse(buffer.AsSpan(0, received), state, out error))
            {
                return error == 0;
            }
        }

        return false;
    }

    private static bool TrySend(int socket, byte[] request, out int error)
    {
        var sent = Send(socket, request, request.Length, 0) == request.Length;
        error = sent ? 0 : Marshal.GetLastPInvokeError();
        return sent;
    }

    /// <summary>One datagram; a receive that times out (SO_RCVTIMEO) fails with EAGAIN.</summary>
    private static bool TryReceive(int socket, byte[] buffer, out int received, out int error)
    {
        var length = Receive(socket, buffer, ReceiveBytes, 0);
        received = (int)Math.Max(length, 0);
        error = length > 0 ? 0 : length < 0 ? Marshal.GetLastPInvokeError() : -1;
        return length > 0;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int namespaceType);

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint Send(int socket, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static extern nint Receive(int socket, [Out] byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static extern int SetSocketOption(int socket, int level, int option, byte[] value, int length);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    /// <summary>What one read of peers found, and the nsids it placed namespaces with, for the next read's kept ones.</summary>
    private sealed record PeersRead(LinkPeers Peers, IReadOnlyDictionary<ulong, int> NamespaceIds);
}
