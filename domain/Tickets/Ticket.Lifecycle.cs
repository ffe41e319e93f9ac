using Stateless;

namespace ChatSupport.Domain.Tickets;

/// <summary>The ticket's lifecycle: which action each state allows, to whom, and the refusal for the rest.</summary>
public sealed partial class Ticket
{
    /// <summary>An action by a staff member: the machine checks it against the ticket's state and holder.</summary>
    private void Fire(TicketAction action, StaffMember by)
    {
        var machine = Lifecycle;
        _actor = by;
        try
        {
            machine.Fire(_byStaff[action], by);
        }
        finally
        {
            _actor = null;
        }
    }

    private bool HeldByOrManager(StaffMember by) => by.IsManager || HolderId is null || HolderId == by.UserId;

    /// <summary>Who is firing the action now, for the refusal (the machine's unhandled-trigger hook gets no arguments).</summary>
    private StaffMember? _actor;

    private StateMachine<TicketStatus, TicketAction> CreateLifecycle()
    {
        var machine = new StateMachine<TicketStatus, TicketAction>(() => Status, s => Status = s);
        foreach (var action in new[] { TicketAction.Claim, TicketAction.Release, TicketAction.ChangeLevel, TicketAction.Reply, TicketAction.Resolve, TicketAction.AskCustomer })
        {
            _byStaff[action] = machine.SetTriggerParameters<StaffMember>(action);
        }

        var (release, level, reply, resolve) = (_byStaff[TicketAction.Release], _byStaff[TicketAction.ChangeLevel], _byStaff[TicketAction.Reply], _byStaff[TicketAction.Resolve]);
        var ask = _byStaff[TicketAction.AskCustomer];

        foreach (var waiting in new[] { TicketStatus.Registered, TicketStatus.Reopened })
        {
            machine.Configure(waiting)
                .Permit(TicketAction.Claim, TicketStatus.InProgress)
                .InternalTransition(level, (_, _) => { })
                .InternalTransition(TicketAction.Comment, _ => { });
        }

        machine.Configure(TicketStatus.InProgress)
            .PermitDynamicIf(release, _ => ReopenCount > 0 ? TicketStatus.Reopened : TicketStatus.Registered, HeldByOrManager, HolderOrManager)
            .PermitIf(resolve, TicketStatus.Resolved, HeldByOrManager, HolderOrManager)
            .InternalTransitionIf(level, HeldByOrManager, (_, _) => { }, HolderOrManager)
            .InternalTransitionIf(reply, HeldByOrManager, (_, _) => { }, HolderOrManager)
            .PermitIf(ask, TicketStatus.AwaitingCustomer, HeldByOrManager, HolderOrManager)
            .InternalTransition(TicketAction.Comment, _ => { });

        // Waiting for the customer is held work: the holder (or a manager) may still do all they could in progress; a
        // second question restarts the wait; the customer's message ends it; so does the system after CloseAfter.
        machine.Configure(TicketStatus.AwaitingCustomer)
            .PermitDynamicIf(release, _ => ReopenCount > 0 ? TicketStatus.Reopened : TicketStatus.Registered, HeldByOrManager, HolderOrManager)
            .PermitIf(resolve, TicketStatus.Resolved, HeldByOrManager, HolderOrManager)
            .InternalTransitionIf(level, HeldByOrManager, (_, _) => { }, HolderOrManager)
            .InternalTransitionIf(reply, HeldByOrManager, (_, _) => { }, HolderOrManager)
            .InternalTransitionIf(ask, HeldByOrManager, (_, _) => { }, HolderOrManager)
            .Permit(TicketAction.Comment, TicketStatus.InProgress)
            .Permit(TicketAction.CloseUnanswered, TicketStatus.Closed)
            .OnExit(() =>
            {
                AwaitingSince = null;
                AwaitingRemindedAt = null;
            });
        machine.Configure(TicketStatus.Resolved)
            .Permit(TicketAction.Confirm, TicketStatus.Closed)
            .Permit(TicketAction.Reopen, TicketStatus.Reopened)
            .Permit(TicketAction.AutoClose, TicketStatus.Closed)
            .InternalTransitionIf(reply, HeldByOrManager, (_, _) => { }, HolderOrManager)
            .InternalTransition(TicketAction.Comment, _ => { });
        machine.Configure(TicketStatus.Closed);
        machine.OnUnhandledTrigger((state, action, unmet) => throw new TicketActionException(Refusal(state, action, unmet)));
        return machine;
    }

    private TicketRefusal Refusal(TicketStatus state, TicketAction action, ICollection<string>? unmetGuards) => new(
        unmetGuards?.Contains(HolderOrManager) == true ? RefusalReason.HeldByOther
            // Releasing someone else's ticket is refused as theirs whatever its state (said before the state, as always).
            : action == TicketAction.Release && _actor is { } actor && !HeldByOrManager(actor) ? RefusalReason.HeldByOther
            : action == TicketAction.Claim && state is TicketStatus.InProgress or TicketStatus.AwaitingCustomer ? RefusalReason.AlreadyTaken
            : action == TicketAction.AskCustomer && state is TicketStatus.Registered or TicketStatus.Reopened ? RefusalReason.ClaimFirst
            : action is TicketAction.Reply or TicketAction.Resolve && state is TicketStatus.Registered or TicketStatus.Reopened ? RefusalReason.ClaimFirst
            : RefusalReason.NotNow,
        Number,
        action,
        state,
        HolderName);

    /// <summary>The lifecycle's diagram (Mermaid), from the configured machine.</summary>
    public static string LifecycleDiagram() => Stateless.Graph.MermaidGraph.Format(new Ticket().CreateLifecycle().GetInfo());
}
