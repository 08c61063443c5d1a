using System.Runtime.InteropServices;

namespace DockerNetExporter.Kernel.Netlink;

/// <summary>
/// Reads a network namespace through rtnetlink from inside it: for a namespace no process holds (a
/// file under /run/netns), or one whose processes see the host's sysfs. A netlink socket belongs to
/// the namespace of the thread that created it (net/netlink/af_netlink.c), and setns(2) moves only
/// the calling thread; so each read runs on a thread of its own that enters the namespace, opens the
/// socket, dumps links, addresses and routes, and ends, never handing a moved thread back to the pool.
/// One read at a time: the reads share one receive buffer.
/// </summary>
internal sealed class NetlinkReader : INetlinkReader
{
    private const int NetlinkFamily = 16;            // AF_NETLINK
    private const int RawSocket = 3 | 0x80000;       // SOCK_RAW | SOCK_CLOEXEC
    private const int RouteProtocol = 0;             // NETLINK_ROUTE
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
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

    /// <inheritdoc/>
    public NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error)
    {
        NamespaceView? view = null;
        var failure = 0;
        var receiveBuffer = buffer;
        var thread = new Thread(() => view = ReadInside(netnsPath, ownNetnsPath, receiveBuffer, out failure)) { IsBackground = true, Name = "netlink reader" };
        thread.Start();
        if (!thread.Join(ReadTimeout * 2))
        {
            buffer = new byte[ReceiveBytes];
            error = 110; // ETIMEDOUT
            return null;
        }

        error = failure;
        return view;
    }

    private static NamespaceView? ReadInside(string netnsPath, string ownNetnsPath, byte[] buffer, out int error)
    {
        error = 0;
        var own = Statx.TryGetInode(netnsPath, out var inode) && Statx.TryGetInode(ownNetnsPath, out var ownInode) && inode == ownInode;
        if (!own && !TryEnter(netnsPath, out error))
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
            var view = new NamespaceView.Builder();
            uint sequence = 0;
            foreach (var type in (ReadOnlySpan<ushort>)[NetlinkMessages.GetLink, NetlinkMessages.GetAddress, NetlinkMessages.GetRoute])
            {
                if (!TryDump(socket, NetlinkMessages.DumpRequest(type, ++sequence), buffer, view, out error))
                {
                    return null;
                }
            }

            return view.ToView();
        }
        finally
        {
            _ = Close(socket);
        }
    }

    /// <summary>Moves the calling thread into the namespace.</summary>
    private static bool TryEnter(string netnsPath, out int error)
    {
        var netns = Open(netnsPath, ReadOnlyCloseOnExec);
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

    private static bool TryDump(int socket, byte[] request, byte[] buffer, NamespaceView.Builder view, out int error)
    {
        if (Send(socket, request, request.Length, 0) != request.Length)
        {
            error = Marshal.GetLastPInvokeError();
            return false;
        }

        while (true)
        {
            var received = Receive(socket, buffer, ReceiveBytes, 0);
            if (received <= 0)
            {
                error = received < 0 ? Marshal.GetLastPInvokeError() : -1;
                return false;
            }

            if (!NetlinkMessages.TryParse(buffer.AsSpan(0, (int)received), view, out error))
            {
                return error == 0;
            }
        }
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
}
