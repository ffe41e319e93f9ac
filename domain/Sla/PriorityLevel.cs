namespace ChatSupport.Domain.Sla;

/// <summary>The regulation's priority levels (RULES.md). The numeric value is the level's number.</summary>
public enum PriorityLevel
{
    /// <summary>Критичный: the software failed and no alternative way exists.</summary>
    Critical = 1,

    /// <summary>Средний: serious limitation with an alternative, or a consultation to avoid a failure.</summary>
    Medium = 2,

    /// <summary>Низкий: an inconvenience, or any other request.</summary>
    Low = 3,
}

public static class PriorityLevels
{
    public static readonly IReadOnlyList<PriorityLevel> All = [PriorityLevel.Critical, PriorityLevel.Medium, PriorityLevel.Low];

    /// <summary>Parses a level number as people type it ("1", "2", "3").</summary>
    public static bool TryParse(string? text, out PriorityLevel level)
    {
        level = default;
        if (text is null || text.Trim() is not { Length: 1 } t)
        {
            return false;
        }

        switch (t[0])
        {
            case '1': level = PriorityLevel.Critical; return true;
            case '2': level = PriorityLevel.Medium; return true;
            case '3': level = PriorityLevel.Low; return true;
            default: return false;
        }
    }
}
