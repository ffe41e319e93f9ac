using System.Text.Json;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Dialogue;

/// <summary>Loads a customer's active intake dialogue from its row and writes every step back to it.</summary>
public sealed class DialogueStore(SupportDbContext db, Sla.SlaSetup sla)
{
    public async Task<(DialogueRecord Record, IntakeDialogue Dialogue)?> FindActiveAsync(long customerId, CancellationToken cancellationToken)
    {
        var record = await db.Dialogues.SingleOrDefaultAsync(d => d.CustomerId == customerId && d.Status == DialogueStatus.Active, cancellationToken);
        return record is null ? null : (record, Restore(record, sla.Policy.Terms));
    }

    public static IntakeDialogue Restore(DialogueRecord record, Domain.Sla.SlaTerms terms) =>
        IntakeDialogue.Restore(record.State, record.Seq, JsonSerializer.Deserialize<IntakeData>(record.Data, SupportDbContext.Json)!, terms);

    public DialogueRecord Add(long customerId, IntakeDialogue dialogue)
    {
        var record = new DialogueRecord { CustomerId = customerId, Data = "{}", StartedAt = dialogue.Data.Received };
        Save(record, dialogue);
        db.Dialogues.Add(record);
        return record;
    }

    /// <summary>Copies the dialogue's state into its row (the caller's SaveChanges persists it).</summary>
    public static void Save(DialogueRecord record, IntakeDialogue dialogue)
    {
        record.State = dialogue.State;
        record.Seq = dialogue.Seq;
        record.Data = JsonSerializer.Serialize(dialogue.Data, SupportDbContext.Json);
        record.LastActivityAt = dialogue.Data.LastActivity;
        record.HasDescription = dialogue.HasDescription;
        record.Status = dialogue.State switch
        {
            IntakeState.Registered => DialogueStatus.Registered,
            IntakeState.Cancelled => DialogueStatus.Cancelled,
            IntakeState.Dropped => DialogueStatus.Dropped,
            _ => DialogueStatus.Active,
        };
    }
}
