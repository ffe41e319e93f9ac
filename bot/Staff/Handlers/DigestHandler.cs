using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>/digest [date] (managers): the SLA digest of a day, yesterday by default.</summary>
public sealed class DigestHandler(DigestService digests, SlaSetup sla) : IStaffHandler<StaffCommand.Digest>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Digest input, CancellationToken cancellationToken)
    {
        var digest = await digests.ComputeAsync(input.Day ?? digests.Yesterday(), cancellationToken);
        turn.Say(DigestTexts.Render(digest, sla.Format, turn.Lang));
        return null;
    }
}
