using System.CommandLine;
using BlockSwap.Bench;

// blockswap-bench: the benchmarks, with the command line's setup and exit codes (one-line errors, MPI ranks, Ctrl-C).
var root = new RootCommand("blockswap-bench: times BlockSwap.NET's hot paths and prints figures (no pass/fail): search, train, memory, allreduce (under mpirun), profile (per block type), compare (against the reference PyTorch code)");
foreach (var command in BenchRegistry.All()) root.Subcommands.Add(command);
return CliApp.Run(args, root);
