namespace ChatSupport.Domain.Tickets;

/// <summary>The staff's commands and who may use what. Managers can do everything engineers can.</summary>
public static class StaffCommands
{
    public static readonly IReadOnlyList<string> All = ["queue", "mine", "claim", "release", "reply", "note", "level", "resolve", "digest"];

    /// <summary>Commands that exist only for staff; anyone else gets a polite refusal and nothing changes.</summary>
    public static bool IsStaffOnly(string command) => All.Contains(command);

    /// <summary>Commands only managers may use.</summary>
    public static bool IsManagerOnly(string command) => command == "digest";

    /// <summary>Button data prefixes only staff may press (the duty chat's card buttons).</summary>
    public static bool IsStaffButton(string data) => data.StartsWith("claim:", StringComparison.Ordinal) || data.StartsWith("info:", StringComparison.Ordinal);

    public static bool Allows(StaffMember? staff, string command) =>
        !IsStaffOnly(command) || (staff is not null && (!IsManagerOnly(command) || staff.IsManager));
}
