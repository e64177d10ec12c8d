using BlockSwap.Foundation.IO;

namespace BlockSwap.Tests.Foundation;

public class ResumptionTests
{
    [Fact]
    public void AResumeOfAFolderWithNothingToContinue_IsNoted()
    {
        var dir = Scratch.Folder("bs-resume-");
        Assert.Equal($"--resume: {dir} holds nothing to continue; starting afresh", Resumption.NothingToContinue(true, dir, "search.json"));
        Assert.Null(Resumption.NothingToContinue(false, dir, "search.json"));          // no resume asked: nothing to say
        Directory.CreateDirectory(Path.Combine(dir, "ranks"));                          // the parts of a job of several ranks
        Assert.Null(Resumption.NothingToContinue(true, dir, "search.json"));
        var other = Scratch.Folder("bs-resume-");
        File.WriteAllText(Path.Combine(other, "search.json"), "{}");
        Assert.Null(Resumption.NothingToContinue(true, other, "search.json"));
        Assert.NotNull(Resumption.NothingToContinue(true, other, "checkpoint"));      // another job's marker is not this one's
        Assert.NotNull(Resumption.NothingToContinue(true, Path.Combine(other, "missing"), "search.json"));
    }
}
