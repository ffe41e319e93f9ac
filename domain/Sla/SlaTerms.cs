using NodaTime;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// The numbers of the regulation. Defaults are RULES.md's; a contract may set others.
/// </summary>
public sealed record SlaTerms
{
    public static readonly SlaTerms Regulation = new();

    /// <summary>Received → Registered, in support hours.</summary>
    public Duration RegistrationWithin { get; init; } = Duration.FromHours(1);

    /// <summary>Level 1 reaction, in support hours from registration.</summary>
    public Duration Level1Reaction { get; init; } = Duration.FromHours(4);

    /// <summary>Level 2 reaction: the end of the N-th calendar day after the registration date.</summary>
    public int Level2Days { get; init; } = 1;

    /// <summary>Level 3 reaction: the end of the N-th calendar day after the registration date.</summary>
    public int Level3Days { get; init; } = 3;
}
