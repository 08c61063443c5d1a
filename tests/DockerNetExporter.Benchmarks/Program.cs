using System.Globalization;
using BenchmarkDotNet.Running;

// The page at / with N container interfaces in headless Chromium (see PageAtScale); needs no root:
//   dotnet run -c Release --project tests/DockerNetExporter.Benchmarks -- page 1000 5 30
if (args is ["page", var ports, var rounds, var refreshes])
{
    return await DockerNetExporter.Benchmarks.PageAtScale.RunAsync(
        int.Parse(ports, CultureInfo.InvariantCulture), int.Parse(rounds, CultureInfo.InvariantCulture), int.Parse(refreshes, CultureInfo.InvariantCulture));
}

// Run as root (the benchmarks make veth pairs with ip(8)), in Release:
//   sudo dotnet run -c Release --project tests/DockerNetExporter.Benchmarks -- --filter '*'
if (Environment.UserName != "root")
{
    Console.Error.WriteLine("docker-net-exporter benchmarks: run as root; they create and remove veth pairs with ip(8)");
    return 2;
}

BenchmarkSwitcher.FromAssembly(typeof(DockerNetExporter.Benchmarks.VethPairs).Assembly).Run(args);
return 0;
