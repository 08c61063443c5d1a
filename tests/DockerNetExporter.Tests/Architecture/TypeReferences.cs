using Mono.Cecil;
using Mono.Cecil.Cil;

namespace DockerNetExporter.Tests.Architecture;

/// <summary>One of the exporter's types using another of its types in another folder.</summary>
/// <param name="From">The folder of the type that uses, as the README's rules name it (Kernel/, ./ for the root, Program.cs).</param>
internal sealed record FolderReference(string From, string FromType, string To, string ToType)
{
    public override string ToString() => $"{From}{FromType} uses {To}{ToType}";
}

/// <summary>
/// Every reference from one of the exporter's types to one in another folder, read from the
/// compiled assembly with Mono.Cecil: base types, interfaces, fields, properties, events, method
/// signatures, locals, attributes, generic arguments, and every type, method and field a method
/// body names. Compiler-made types (closures, async state machines) count as the type they sit in,
/// so a lambda's use is its method's.
/// </summary>
internal static class TypeReferences
{
    private const string Root = "DockerNetExporter";

    public static IReadOnlyList<FolderReference> Across(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var references = new HashSet<FolderReference>();
        foreach (var type in module.GetTypes())
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }

            var fromType = Outermost(type).Name;
            foreach (var used in UsedBy(type))
            {
                foreach (var named in Named(used))
                {
                    if (FolderOf(named) is { } to && to != from)
                    {
                        references.Add(new FolderReference(from, fromType, to, Outermost(named).Name));
                    }
                }
            }
        }

        return [.. references.OrderBy(r => r.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>The folder of one of the exporter's own types, or null for another assembly's or the compiler's.</summary>
    public static string? FolderOf(TypeReference type)
    {
        var outermost = Outermost(type);
        var ns = outermost.Namespace;
        if (ns == Root)
        {
            return "./";
        }

        if (ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            // A folder's subfolders (Kernel/Sysfs/) are the folder's: the rules are drawn between top-level folders.
            return ns[(Root.Length + 1)..].Split('.')[0] + "/";
        }

        // Top-level statements compile to Program in the global namespace; <Module> and
        // <PrivateImplementationDetails> are the compiler's.
        return ns.Length == 0 && outermost.Name == "Program" ? "Program.cs" : null;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeReference> UsedBy(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var used in type.Interfaces.Select(i => i.InterfaceType)
            .Concat(type.CustomAttributes.Select(a => a.AttributeType))
            .Concat(type.GenericParameters.SelectMany(p => p.Constraints.Select(c => c.ConstraintType)))
            .Concat(type.Fields.Select(f => f.FieldType))
            .Concat(type.Fields.SelectMany(f => f.CustomAttributes.Select(a => a.AttributeType)))
            .Concat(type.Properties.Select(p => p.PropertyType))
            .Concat(type.Events.Select(e => e.EventType)))
        {
            yield return used;
        }

        foreach (var method in type.Methods)
        {
            foreach (var used in Signature(method).Concat(method.CustomAttributes.Select(a => a.AttributeType)))
            {
                yield return used;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                yield return variable.VariableType;
            }

            foreach (var instruction in method.Body.Instructions)
            {
                foreach (var used in Operand(instruction))
                {
                    yield return used;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference type => [type],
        MethodReference method => Signature(method),
        FieldReference field => [field.DeclaringType, field.FieldType],
        _ => [],
    };

    private static IEnumerable<TypeReference> Signature(MethodReference method)
    {
        yield return method.DeclaringType;
        yield return method.ReturnType;
        foreach (var parameter in method.Parameters)
        {
            yield return parameter.ParameterType;
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                yield return argument;
            }
        }
    }

    /// <summary>The named types in a type as written: an array's element, a generic's arguments, a byref's target.</summary>
    private static IEnumerable<TypeReference> Named(TypeReference type)
    {
        switch (type)
        {
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var named in Named(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Named)))
                {
                    yield return named;
                }

                yield break;
            case TypeSpecification specification:
                foreach (var named in Named(specification.ElementType))
                {
                    yield return named;
                }

                yield break;
            default:
                yield return type;
                break;
        }
    }
}
