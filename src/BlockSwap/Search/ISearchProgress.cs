namespace BlockSwap.Search;

/// <summary>How the library reports search progress; the CLI renders it, tests ignore it.</summary>
public interface ISearchProgress
{
    void Started(int toScore, int alreadyScored);
    void Scored(CandidateResult result);
}
