namespace BlockSwap.Methods.Search;

/// <summary>How the library reports search progress; the CLI renders it, tests ignore it.</summary>
public interface ISearchProgress
{
    void Started(int toScore, int alreadyScored);
    void Scored(CandidateResult result);
    /// <summary>The latency table is being measured: <paramref name="done"/> of <paramref name="total"/> pieces timed.</summary>
    void TimingLatency(int done, int total) { }
    /// <summary>Something the user should know that does not stop the search (a malformed row dropped on resume).</summary>
    void Warning(string message) { }
}
