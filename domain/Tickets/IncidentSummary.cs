using ChatSupport.Domain.Sla;

namespace ChatSupport.Domain.Tickets;

/// <summary>One linked ticket as the incident's card needs it.</summary>
public sealed record IncidentTicket(int Number, TicketStatus Status, string Organisation, Deadline ReactionDeadline, bool Reacted);

/// <summary>
/// What the incident's card says of its tickets: how many, how many wait for an engineer, whose they are, and the
/// soonest reaction deadline still to meet (each ticket has its own).
/// </summary>
public sealed record IncidentSummary(int Open, int Waiting, int Finished, IReadOnlyList<string> Organisations, IncidentTicket? Soonest, IReadOnlyList<int> WaitingNumbers)
{
    public static IncidentSummary Of(IReadOnlyList<IncidentTicket> tickets)
    {
        var open = tickets.Where(t => Ticket.OpenStatuses.Contains(t.Status)).ToList();
        var waiting = open.Where(t => Ticket.WaitingStatuses.Contains(t.Status)).OrderBy(t => t.Number).ToList();
        // The organisations by how many tickets each has, then by name: the worst hit first.
        // Not said: none given, or erased with the customer's personal data («—»).
        var organisations = tickets.Where(t => !string.IsNullOrWhiteSpace(t.Organisation) && t.Organisation.Trim() != Anonymised.Text)
            .GroupBy(t => t.Organisation.Trim(), StringComparer.CurrentCultureIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.CurrentCulture).Select(g => g.Key).ToList();
        var soonest = waiting.Where(t => !t.Reacted).OrderBy(t => t.ReactionDeadline.At).ThenBy(t => t.Number).FirstOrDefault();
        return new IncidentSummary(open.Count, waiting.Count, tickets.Count - open.Count, organisations, soonest, [.. waiting.Select(t => t.Number)]);
    }
}
