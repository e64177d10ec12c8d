namespace BlockSwap.Methods.Study;

/// <summary>How a study reports its stages.</summary>
public interface IStudyProgress
{
    void Started(int candidates, int alreadyDone);
    void Stage(string message);
    void CandidateDone(StudyCandidate candidate, int done, int total);
    Training.ITrainingProgress? Training { get; }
}
