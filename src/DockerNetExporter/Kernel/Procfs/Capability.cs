namespace DockerNetExporter.Kernel.Procfs;

/// <summary>The capabilities a permission warning may name (capability numbers of linux/capability.h).</summary>
internal enum Capability
{
    DacReadSearch = 2,
    SysPtrace = 19,
    SysAdmin = 21,
}
