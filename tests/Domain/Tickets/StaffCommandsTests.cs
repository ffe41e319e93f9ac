using ChatSupport.Domain.Tickets;

namespace ChatSupport.Tests.Domain.Tickets;

/// <summary>The authorisation matrix: every command × customer / stranger / engineer / manager.</summary>
public sealed class StaffCommandsTests
{
    private static readonly StaffMember Engineer = new("Иван", StaffRole.Engineer, "2001");
    private static readonly StaffMember Manager = new("Ольга", StaffRole.Manager, "2003");

    public static TheoryData<string, bool, bool, bool> Matrix() => new()
    {
        // command, customer or stranger, engineer, manager
        { "start", true, true, true },
        { "help", true, true, true },
        { "new", true, true, true },
        { "my", true, true, true },
        { "ticket", true, true, true },
        { "cancel", true, true, true },
        { "lang", true, true, true },
        { "profile", true, true, true },
        { "queue", false, true, true },
        { "mine", false, true, true },
        { "claim", false, true, true },
        { "release", false, true, true },
        { "reply", false, true, true },
        { "note", false, true, true },
        { "level", false, true, true },
        { "resolve", false, true, true },
        { "digest", false, false, true },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Allows_FollowsTheMatrix(string command, bool anyone, bool engineer, bool manager)
    {
        Assert.Equal(anyone, StaffCommands.Allows(null, command));
        Assert.Equal(engineer, StaffCommands.Allows(Engineer, command));
        Assert.Equal(manager, StaffCommands.Allows(Manager, command));
    }

    [Theory]
    [InlineData("claim:1", true)]
    [InlineData("info:12", true)]
    [InlineData("cf:1:y", false)]
    [InlineData("m:new", false)]
    [InlineData("d:3:reg", false)]
    public void IsStaffButton_OnlyCardButtons(string data, bool staffOnly)
    {
        Assert.Equal(staffOnly, StaffCommands.IsStaffButton(data));
    }
}
