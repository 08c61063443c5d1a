using System.Globalization;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// The exporter's own effective capabilities, from the CapEff line of /proc/self/status (proc(5)),
/// read once at start: a warning about a refusal says whether the capability that would allow it
/// is missing, or held and the refusal comes from elsewhere.
/// </summary>
internal sealed class EffectiveCapabilities
{
    private readonly ulong? mask;

    private EffectiveCapabilities(ulong? mask)
    {
        this.mask = mask;
    }

    /// <summary>Read from a /proc/PID/status file; unknown if it cannot be read or has no CapEff line.</summary>
    public static EffectiveCapabilities Read(string statusPath) =>
        new(ProcFile.TryReadAll(statusPath, out var status) && TryParse(status, out var parsed) ? parsed : null);

    /// <summary>CapEff is printed as 16 hex digits (fs/proc/array.c, render_cap_t).</summary>
    public static bool TryParse(ReadOnlySpan<byte> status, out ulong effective)
    {
        effective = 0;
        if (!ProcFile.TryFindLine(status, "CapEff:"u8, out var rest))
        {
            return false;
        }

        var hex = rest.Trim("\t "u8);
        return hex.Length is > 0 and <= 16 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out effective);
    }

    /// <summary>The capability's name as capabilities(7) spells it: CAP_SYS_PTRACE.</summary>
    public static string NameOf(Capability capability) => capability switch
    {
        Capability.DacReadSearch => "CAP_DAC_READ_SEARCH",
        Capability.SysPtrace => "CAP_SYS_PTRACE",
        _ => "CAP_SYS_ADMIN",
    };

    /// <summary>Whether the exporter holds it; null if its capabilities could not be read.</summary>
    public bool? Has(Capability capability) => mask is { } bits ? (bits & (1UL << (int)capability)) != 0 : null;

    /// <summary>
    /// Why a check that <paramref name="capability"/> would pass was refused, for a warning: the
    /// capability is missing; or it is held, so something else refused (a security module, a
    /// seccomp filter such as systemd's RestrictNamespaces=, or the target's own protection).
    /// </summary>
    public string WhyRefused(Capability capability) => Has(capability) switch
    {
        false => $"the exporter lacks {NameOf(capability)}",
        true => $"not for want of {NameOf(capability)}, which the exporter has: a security module (AppArmor, SELinux), a seccomp filter (systemd's RestrictNamespaces=, SystemCallFilter=) or the target's own protection refuses it",
        null => $"whether the exporter has {NameOf(capability)} is unknown (its /proc/self/status is unreadable)",
    };
}
