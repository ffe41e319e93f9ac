using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Sla;

namespace ChatSupport.Tests.Domain.Tickets;

/// <summary>The authorisation matrix: every command × customer / stranger / engineer / manager.</summary>
public sealed class StaffCommandsTests
{
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
    public void Parse_FollowsTheMatrix(string command, bool anyone, bool engineer, bool manager)
    {
        // A customer's parse says whether it is a staff command; a staff member's whether managers alone may use it.
        var typed = BotCommand.Parse($"/{command} 1 2 причина")!;
        Assert.Equal(anyone, CustomerCommand.Parse(typed) is not CustomerCommand.StaffOnly);
        Assert.Equal(engineer, !StaffCommand.Parse(typed).ManagersOnly);
        Assert.True(manager);
    }

    [Theory]
    [InlineData("claim:1", true)]
    [InlineData("info:12", true)]
    [InlineData("cf:1:y", false)]
    [InlineData("m:new", false)]
    [InlineData("d:3:reg", false)]
    public void IsStaffOnly_OnlyCardButtons(string data, bool staffOnly)
    {
        Assert.Equal(staffOnly, ButtonCodec.Decode(data)!.IsStaffOnly);
    }

    [Fact]
    public void Level_ReasonKeepsItsWords_JoinedBySingleSpaces()
    {
        var parsed = StaffCommand.Parse(BotCommand.Parse("/level 7 1   остановлено \t производство ")!);

        Assert.Equal(new StaffCommand.ChangeLevel(7, PriorityLevel.Critical, "остановлено производство"), parsed);
    }
}
