using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// Netlink that enters no namespace and answers nothing, with one errno for every refusal (EPERM: an
/// exporter without CAP_SYS_ADMIN; ENOENT: a fixture tree, with no kernel behind it). The tests' fakes
/// derive from it and script only the calls they are about.
/// </summary>
internal abstract class RefusingNetlink(int refusal) : INetlinkReader
{
    public const int NotPermitted = 1; // EPERM
    public const int NoSuchFile = 2;   // ENOENT

    public virtual NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error) => Refuse<NamespaceView>(out error);

    public virtual LinkPeers? TryReadPeers(string hostNetnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error) =>
        Refuse<LinkPeers>(out error);

    public virtual LinkPeers? TryReadPeersFrom(string netnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error) =>
        Refuse<LinkPeers>(out error);

    public virtual TFiles? TryOpenInside<TFiles>(string netnsPath, string ownNetnsPath, Func<string, TFiles?> open, out int error)
        where TFiles : class, IDisposable => Refuse<TFiles>(out error);

    private T? Refuse<T>(out int error)
        where T : class
    {
        error = refusal;
        return null;
    }
}
