using System.Text.Json;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Dialogue;

/// <summary>Loads a customer's active intake dialogue from its row and writes every step back to it.</summary>
public sealed class DialogueStore(SupportDbContext db, Sla.SlaSetup sla)
{
    public async Task<(DialogueRecord Record, IntakeDialogue Dialogue)?> FindActiveAsync(Domain.Tickets.Customer customer, CancellationToken cancellationToken)
    {
        // A customer seen for the first time in this update has no dialogue yet — but may start one now, unsaved.
        var record = customer.Id == 0
            ? db.Dialogues.Local.SingleOrDefault(d => d.Customer == customer && d.Status == DialogueStatus.Active)
            : await db.Dialogues.SingleOrDefaultAsync(d => d.CustomerId == customer.Id && d.Status == DialogueStatus.Active, cancellationToken);
        return record is null ? null : (record, Restore(record, sla.Policy.Terms));
    }

    public static IntakeDialogue Restore(DialogueRecord record, Domain.Sla.SlaTerms terms) =>
        IntakeDialogue.Restore(record.State, record.Seq, JsonSerializer.Deserialize<IntakeData>(record.Data, SupportDbContext.Json)!, terms);

    public DialogueRecord Add(Domain.Tickets.Customer customer, IntakeDialogue dialogue)
    {
        // By the navigation, not the id: a new customer gets theirs when the update's transaction saves both.
        var record = new DialogueRecord { Customer = customer, Data = "{}", StartedAt = dialogue.Data.Received };
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
