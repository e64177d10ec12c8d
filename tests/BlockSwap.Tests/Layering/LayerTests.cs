using System.Text.RegularExpressions;

namespace BlockSwap.Tests.Layering;

/// <summary>
/// The library's folders depend on each other one way, through the layers docs/architecture.md draws: a folder may use
/// its own layer's earlier folders and any lower layer, never a higher one, and no two folders use each other. On disk
/// each layer is a folder of its folders (src/BlockSwap/Methods/Search), with namespaces to match
/// (BlockSwap.Methods.Search); the data layer is the one folder Data. The command line: its root (the entry and the
/// command registry) over Commands. Read from the sources: every <c>using BlockSwap.L.X</c> and every qualified
/// <c>BlockSwap.L.X.</c> or <c>X.Type</c> of a folder name.
/// </summary>
public partial class LayerTests
{
    /// <summary>The library's layers, lowest first; within a layer, folders in an order that only looks back.</summary>
    public static readonly (string Layer, string[] Folders)[] Library =
    [
        ("Foundation", ["(root)", "IO", "Runtime", "Statistics", "Distributed"]),
        ("Data", ["Data"]),
        ("Description", ["Layers", "Blocks"]),
        ("Engine", ["Modules", "Networks", "Genotypes", "Interop"]),
        ("Methods", ["Scoring", "Training", "Export", "Latency", "Search", "Study"]),
        ("Outputs", ["Inference", "Reporting", "Pipeline"]),
        ("front door", ["Compress"]),
    ];

    /// <summary>The layers that are folders of folders on disk (and a namespace level).</summary>
    private static IEnumerable<(string Layer, string[] Folders)> Grouped => Library.Where(l => l.Layer is not ("Data" or "front door"));

    private static string Src => Path.Combine(FindRoot(), "src");

    internal static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "BlockSwap.sln"))) return d.FullName;
        throw new InvalidOperationException("the repository root (BlockSwap.sln) is not above the test binaries");
    }

    [GeneratedRegex(@"\bBlockSwap\.(?:(?:Foundation|Description|Engine|Methods|Outputs)\.)?([A-Z][A-Za-z]+)\b")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z]+)\.[A-Z]")]
    private static partial Regex Relative();

    /// <summary>Folder → the folders its files refer to (the root's files other than the front door count as "(root)").</summary>
    private static Dictionary<string, HashSet<string>> Graph(string project, IReadOnlyCollection<string> folders, Func<string, string> folderOf)
    {
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var from = folderOf(Path.GetRelativePath(project, file));
            var text = string.Join("\n", File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("///") && !l.TrimStart().StartsWith("//")));
            var refs = Qualified().Matches(text).Select(m => m.Groups[1].Value).Concat(Relative().Matches(text).Select(m => m.Groups[1].Value));
            foreach (var to in refs.Where(folders.Contains))
                if (to != from) graph[from].Add(to);
        }
        return graph;
    }

    [Fact]
    public void LibraryFolders_AreGroupedByLayer_WithNamespacesToMatch()
    {
        var project = Path.Combine(Src, "BlockSwap");
        var layers = Grouped.Select(l => l.Layer).Append("Data").ToHashSet();
        var onDisk = Directory.GetDirectories(project).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).OfType<string>().ToArray();
        Assert.All(onDisk, d => Assert.True(layers.Contains(d), $"folder {d} is no layer: put it inside one (LayerTests.Library, docs/architecture.md)"));
        foreach (var (layer, folders) in Grouped)
        {
            var inside = Directory.GetDirectories(Path.Combine(project, layer)).Select(Path.GetFileName).OfType<string>().Order().ToArray();
            Assert.Equal(folders.Where(f => f != "(root)").Order(), inside);
            foreach (var folder in inside)
                foreach (var file in Directory.EnumerateFiles(Path.Combine(project, layer, folder), "*.cs", SearchOption.AllDirectories))
                {
                    var sub = Path.GetRelativePath(Path.Combine(project, layer), Path.GetDirectoryName(file)!).Replace('/', '.');
                    Assert.Contains($"namespace BlockSwap.{layer}.{sub};", File.ReadAllText(file));
                }
        }
    }

    [Fact]
    public void LibraryFolders_DependDownwardOnly()
    {
        var project = Path.Combine(Src, "BlockSwap");
        var order = Library.SelectMany(l => l.Folders).ToList();
        // Methods/Search/SearchRunner.cs → Search; Data/Sources/X.cs → Data; Compress.cs → Compress; other root files → (root).
        string FolderOf(string relative)
        {
            var parts = relative.Split('/');
            if (parts.Length == 1) return relative == "Compress.cs" ? "Compress" : "(root)";
            return parts[0] == "Data" ? "Data" : parts[1];
        }
        var graph = Graph(project, order, FolderOf);
        var upward = graph.SelectMany(kv => kv.Value.Where(to => order.IndexOf(to) > order.IndexOf(kv.Key)).Select(to => $"{kv.Key} → {to}")).ToArray();
        Assert.True(upward.Length == 0, $"dependencies against the layers (a folder uses a later one): {string.Join(", ", upward)}");
    }

    [Fact]
    public void CommandLine_RootOverCommands()
    {
        var project = Path.Combine(Src, "BlockSwap.Cli");
        string[] order = ["Commands", "(root)"];
        string FolderOf(string relative) => relative.StartsWith("Commands/") ? "Commands" : "(root)";
        Assert.DoesNotContain("(root)", Graph(project, order, FolderOf)["Commands"]);
    }

    [Fact]
    public void TheCheck_SeesAnUpwardDependency()
    {
        // The reader itself: an unrelated token is no reference, a qualified one is.
        Assert.Empty(Qualified().Matches("var x = 1; // BlockSwap is great"));
        Assert.Equal("Search", Qualified().Match("using BlockSwap.Methods.Search;").Groups[1].Value);
        Assert.Equal("Latency", Relative().Match("public Latency.NetworkLatency? Latency").Groups[1].Value);
    }

    /// <summary>
    /// The command line parses, prints and calls the library; the work is the library's, where a program can call it
    /// too. Its share of the source lines (blank and comment lines included, as `wc -l` counts) stays at 15 % or less.
    /// </summary>
    [Fact]
    public void TheCommandLine_IsAThinLayer()
    {
        static int Lines(string dir) => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Sum(f => File.ReadAllLines(f).Length);
        int cli = Lines(Path.Combine(Src, "BlockSwap.Cli")), library = Lines(Path.Combine(Src, "BlockSwap"));
        double share = (double)cli / (cli + library);
        Assert.True(share <= 0.15, $"the CLI is {share:P1} of src ({cli:N0} of {cli + library:N0} lines): move work that is not parsing or printing into the library");
    }
}
