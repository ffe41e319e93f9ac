using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Intake;

/// <summary>What the customer did, as the dialogue sees it.</summary>
public abstract record IntakeInput
{
    /// <summary>A typed message, possibly with files (their caption is the text).</summary>
    public sealed record Message(string? Text, IReadOnlyList<AttachmentRef> Attachments) : IntakeInput;

    /// <summary>A pressed dialogue button: the step it was shown at, what it does, and the choice it carries.</summary>
    public sealed record Press(int Seq, IntakeKey Key, int Value = 0) : IntakeInput
    {
        public static Press From(IntakeAction action) => new(action.Seq, action.Key, action.Value);
    }

    /// <summary>/cancel.</summary>
    public sealed record Cancel : IntakeInput;
}

/// <summary>What one step of the dialogue produced.</summary>
public sealed record IntakeOutcome
{
    public IReadOnlyList<Reply> Replies { get; init; } = [];

    /// <summary>A short notice for a pressed button (shown by the messenger as a toast).</summary>
    public string? Notice { get; init; }

    /// <summary>Set when the customer confirmed: register this draft now.</summary>
    public TicketDraft? Register { get; init; }

    /// <summary>Set when the customer gave an organisation: remember it on their profile.</summary>
    public string? OrganisationLearned { get; init; }
}

/// <summary>The level an unconfirmed dialogue gets, and what it rests on: the guide's answers, a pressed level, or nothing.</summary>
public sealed record TriageLevel(PriorityLevel Level, LevelChoice Choice, SoftwareState? Software, bool? Alternative);

/// <summary>What the dialogue has gathered so far; stored with the dialogue.</summary>
public sealed class IntakeData
{
    public Instant Received { get; set; }

    public Instant LastActivity { get; set; }

    public string? Organisation { get; set; }

    public RequestCategory? Category { get; set; }

    public List<string> Description { get; set; } = [];

    public List<AttachmentRef> Attachments { get; set; } = [];

    public PriorityLevel? Level { get; set; }

    public LevelChoice? LevelChoice { get; set; }

    public SoftwareState? Software { get; set; }

    public bool? Alternative { get; set; }

    /// <summary>Once the summary was shown, every edited step returns to it.</summary>
    public bool ReachedSummary { get; set; }

    /// <summary>The registration hour reminded the customer once (issue 5).</summary>
    public bool Reminded { get; set; }
}
