using ChatSupport.Domain.Sla;

namespace ChatSupport.Domain.Tickets;

/// <summary>The first question: what state is the software in?</summary>
public enum SoftwareState
{
    /// <summary>It has stopped working.</summary>
    Stopped = 1,

    /// <summary>It works, but seriously limited.</summary>
    SeriouslyLimited = 2,

    /// <summary>It works; a consultation is needed to avoid a visible potential failure.</summary>
    FailureAhead = 3,

    /// <summary>It works: an inconvenience, or another question.</summary>
    Works = 4,
}

/// <summary>
/// RULES.md's two questions — "Has the software stopped working?" and "Is there another way to carry on
/// your business process?" — mapped to a level.
/// </summary>
/// <remarks>
/// Stopped with no alternative → 1. Stopped or seriously limited with an alternative, or a consultation
/// to avoid a failure → 2. Everything else → 3, with one reading made on purpose: a serious limitation
/// with no alternative is a substantial disruption of the business process, which the regulation never
/// files under level 3, so it is proposed as 2 (the customer can still pick 1).
/// </remarks>
public static class SeverityGuide
{
    /// <summary>Whether the second question is needed after this answer to the first.</summary>
    public static bool NeedsAlternativeQuestion(SoftwareState state) => state is SoftwareState.Stopped or SoftwareState.SeriouslyLimited;

    public static PriorityLevel Propose(SoftwareState state, bool? alternativeExists) => state switch
    {
        SoftwareState.Stopped when alternativeExists == false => PriorityLevel.Critical,
        SoftwareState.Stopped => PriorityLevel.Medium,
        SoftwareState.SeriouslyLimited => PriorityLevel.Medium,
        SoftwareState.FailureAhead => PriorityLevel.Medium,
        _ => PriorityLevel.Low,
    };
}
