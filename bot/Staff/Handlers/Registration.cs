using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;

namespace ChatSupport.Bot.Staff.Handlers;

public static class StaffHandlerRegistration
{
    /// <summary>One handler per staff command and button action: the table <see cref="StaffConversation"/> routes by.</summary>
    public static IServiceCollection AddStaffHandlers(this IServiceCollection services)
    {
        services.AddScoped<StaffConversation>();
        services.AddScoped<ClaimHandler>();
        services.AddScoped<DetailsHandler>();
        services.AddScoped<QueueHandler>();
        services.AddScoped<ReleaseResolveHandler>();
        services.AddScoped<ReplyHandler>();
        services.AddScoped<LevelHandler>();
        services.AddScoped<DigestHandler>();
        services.AddScoped<WaitHandler>();
        services.AddScoped<DutyHandler>();
        services.AddScoped<ExportHandler>();
        services.AddScoped<AssignHandler>();
        services.AddScoped<BlockHandler>();
        services.AddScoped<StaffAdminHandler>();
        services.AddScoped<IncidentHandler>();
        services.AddScoped<IStaffHandler<StaffCommand.IncidentShow>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.IncidentOpen>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.IncidentLink>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.IncidentClaim>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.IncidentUpdate>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.IncidentClose>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<IncidentClaimAction>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<IncidentCloseAction>>(sp => sp.GetRequiredService<IncidentHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.StaffList>>(sp => sp.GetRequiredService<StaffAdminHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.StaffAdd>>(sp => sp.GetRequiredService<StaffAdminHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.StaffRemove>>(sp => sp.GetRequiredService<StaffAdminHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.StaffSetRole>>(sp => sp.GetRequiredService<StaffAdminHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Block>>(sp => sp.GetRequiredService<BlockHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Unblock>>(sp => sp.GetRequiredService<BlockHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Assign>>(sp => sp.GetRequiredService<AssignHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Reassign>>(sp => sp.GetRequiredService<AssignHandler>());
        services.AddScoped<IStaffHandler<AssignAction>>(sp => sp.GetRequiredService<AssignHandler>());
        services.AddScoped<IStaffHandler<DeclineAssignmentAction>>(sp => sp.GetRequiredService<AssignHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Export>>(sp => sp.GetRequiredService<ExportHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.DutyShow>>(sp => sp.GetRequiredService<DutyHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.DutyToggle>>(sp => sp.GetRequiredService<DutyHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.DutySwap>>(sp => sp.GetRequiredService<DutyHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Wait>>(sp => sp.GetRequiredService<WaitHandler>());
        services.AddScoped<IStaffHandler<WaitAction>>(sp => sp.GetRequiredService<WaitHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Claim>>(sp => sp.GetRequiredService<ClaimHandler>());
        services.AddScoped<IStaffHandler<ClaimAction>>(sp => sp.GetRequiredService<ClaimHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.ShowTicket>>(sp => sp.GetRequiredService<DetailsHandler>());
        services.AddScoped<IStaffHandler<DetailsAction>>(sp => sp.GetRequiredService<DetailsHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Queue>>(sp => sp.GetRequiredService<QueueHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Mine>>(sp => sp.GetRequiredService<QueueHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Release>>(sp => sp.GetRequiredService<ReleaseResolveHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Resolve>>(sp => sp.GetRequiredService<ReleaseResolveHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Reply>>(sp => sp.GetRequiredService<ReplyHandler>());
        services.AddScoped<IStaffHandler<RelayedReply>>(sp => sp.GetRequiredService<ReplyHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Note>>(sp => sp.GetRequiredService<ReplyHandler>());
        services.AddScoped<IStaffHandler<TopicMessage>>(sp => sp.GetRequiredService<ReplyHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.ChangeLevel>>(sp => sp.GetRequiredService<LevelHandler>());
        services.AddScoped<IStaffHandler<StaffCommand.Digest>>(sp => sp.GetRequiredService<DigestHandler>());
        return services;
    }
}
