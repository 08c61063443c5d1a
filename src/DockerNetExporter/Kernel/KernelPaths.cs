using System.Globalization;

namespace DockerNetExporter.Kernel;

/// <summary>
/// The one seam through which every path under /sys, /proc and /run is made. Tests point it at
/// fixture trees; a containerised exporter at /host/sys and /host/proc.
/// </summary>
/// <param name="runRoot">The exporter's own /run, where named namespaces are looked for when PID 1's root cannot be entered.</param>
internal sealed class KernelPaths(string sysfsRoot, string procfsRoot, string runRoot = "/run")
{
    private readonly Lazy<FileSystemType> sysfsType = new(() => FileSystemType.Of(sysfsRoot) ?? FileSystemType.None);

    public string SysfsRoot { get; } = sysfsRoot;

    /// <summary>
    /// The type of the filesystem at <see cref="SysfsRoot"/> (sysfs; a fixture tree's own in tests): every
    /// class/net file, the host's or a namespace's, must be on it (see <see cref="KernelFile"/>).
    /// <see cref="FileSystemType.None"/> if the root cannot be told, and then no such file is believed.
    /// </summary>
    public FileSystemType SysfsType => sysfsType.Value;

    public string ProcfsRoot { get; } = procfsRoot;

    /// <summary>The host namespace's interfaces: /sys/class/net.</summary>
    public string HostNetClass => Path.Combine(SysfsRoot, "class", "net");

    /// <summary>
    /// A process's own view of /sys/class/net, through its root: /proc/PID/root/sys/class/net.
    /// The sysfs mounted in a container shows the devices of the netns it was mounted in; entering
    /// the netns with setns would not change what the exporter's own /sys shows.
    /// </summary>
    public string ProcessNetClass(long pid) => Path.Combine(ProcessDirectory(pid), "root", "sys", "class", "net");

    /// <summary>/proc/PID/ns/net, a link whose target names the namespace inode: net:[4026532184].</summary>
    public string ProcessNetNamespace(long pid) => Path.Combine(ProcessDirectory(pid), "ns", "net");

    /// <summary>/proc/PID/net/route: the IPv4 routes of the process's network namespace.</summary>
    public string ProcessRoutes(long pid) => Path.Combine(ProcessDirectory(pid), "net", "route");

    /// <summary>
    /// /proc/PID/net/dev: the counters of every interface in the process's network namespace, as the
    /// namespace sees them (net/core/net-procfs.c). The host's procfs, not the container's mounts, and
    /// readable without privilege.
    /// </summary>
    public string ProcessNetDev(long pid) => Path.Combine(ProcessDirectory(pid), "net", "dev");

    /// <summary>/proc/PID/stat, whose field 22 is when the process started, in clock ticks since boot.</summary>
    public string ProcessStat(long pid) => Path.Combine(ProcessDirectory(pid), "stat");

    /// <summary>/proc/PID/cgroup, whose path names the container the process runs in.</summary>
    public string ProcessCgroup(long pid) => Path.Combine(ProcessDirectory(pid), "cgroup");

    /// <summary>/proc/PID/comm, the process's name.</summary>
    public string ProcessName(long pid) => Path.Combine(ProcessDirectory(pid), "comm");

    /// <summary>
    /// Where namespaces with a name are kept open without a process: ip-netns(8)'s /run/netns and
    /// Docker's /run/docker/netns. First through PID 1's root, so that they are the host's even when
    /// the exporter runs in a container with the host's procfs; then the exporter's own, for a host
    /// whose PID 1 may not be entered (a sandbox's init). A namespace found twice counts once.
    /// </summary>
    public IEnumerable<string> NamedNetnsDirectories =>
    [
        Path.Combine(ProcfsRoot, "1", "root", "run", "netns"), Path.Combine(ProcfsRoot, "1", "root", "run", "docker", "netns"),
        Path.Combine(runRoot, "netns"), Path.Combine(runRoot, "docker", "netns"),
    ];

    /// <summary>/proc/stat, whose btime line is when the host booted, in Unix seconds.</summary>
    public string ProcStat => Path.Combine(ProcfsRoot, "stat");

    /// <summary>The exporter's own /proc/self/stat: its CPU time, threads, start, memory.</summary>
    public string SelfStat => Path.Combine(ProcfsRoot, "self", "stat");

    /// <summary>The exporter's own /proc/self/fd, whose size is the count of its open files (Linux 6.2 and later).</summary>
    public string SelfFd => Path.Combine(ProcfsRoot, "self", "fd");

    /// <summary>The exporter's own /proc/self/fdinfo: one entry per open file descriptor.</summary>
    public string SelfFdInfo => Path.Combine(ProcfsRoot, "self", "fdinfo");

    /// <summary>The exporter's own /proc/self/status, whose CapEff line holds its effective capabilities.</summary>
    public string SelfStatus => Path.Combine(ProcfsRoot, "self", "status");

    /// <summary>The exporter's own /proc/self/limits, which holds its limit on open files.</summary>
    public string SelfLimits => Path.Combine(ProcfsRoot, "self", "limits");

    /// <summary>
    /// The host namespace's /proc/net/dev, through PID 1 (/proc/net is the reader's own namespace's,
    /// which is not the host's when the exporter runs in a container).
    /// </summary>
    public string HostNetDev => Path.Combine(ProcfsRoot, "1", "net", "dev");

    /// <summary>The netns of PID 1 (the host's, when procfs is the host's) and, as a fallback, the exporter's own.</summary>
    public IEnumerable<string> HostNetNamespaceCandidates => [Path.Combine(ProcfsRoot, "1", "ns", "net"), SelfNetNamespace];

    /// <summary>The exporter's own netns, /proc/self/ns/net.</summary>
    public string SelfNetNamespace => Path.Combine(ProcfsRoot, "self", "ns", "net");

    private string ProcessDirectory(long pid) => Path.Combine(ProcfsRoot, pid.ToString(CultureInfo.InvariantCulture));
}
