using BenchmarkDotNet.Running;

// Run as root (the benchmarks make veth pairs with ip(8)), in Release:
//   sudo dotnet run -c Release --project tests/DockerNetExporter.Benchmarks -- --filter '*'
if (Environment.UserName != "root")
{
    Console.Error.WriteLine("docker-net-exporter benchmarks: run as root; they create and remove veth pairs with ip(8)");
    return 2;
}

BenchmarkSwitcher.FromAssembly(typeof(DockerNetExporter.Benchmarks.VethPairs).Assembly).Run(args);
return 0;
