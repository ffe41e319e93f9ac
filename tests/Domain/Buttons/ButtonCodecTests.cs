using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Localization;
using CsCheck;

namespace ChatSupport.Tests.Domain.Buttons;

public sealed class ButtonCodecTests
{
    /// <summary>Every action the bot can put under a message, with any numbers it can carry.</summary>
    private static readonly Gen<ButtonAction> Actions = Gen.OneOf<ButtonAction>(
        Gen.Enum<MenuItem>().Select(i => (ButtonAction)new MenuAction(i)),
        Gen.Int[0, 9_999].Select(p => (ButtonAction)new TicketsPageAction(p)),
        Gen.Int[1, int.MaxValue].Select(n => (ButtonAction)new ShowTicketAction(n)),
        Gen.Enum<Language>().Select(l => (ButtonAction)new LanguageAction(l)),
        Gen.Int[1, int.MaxValue].Select(n => (ButtonAction)new AttachCommentAction(n)),
        Gen.Select(Gen.Int[1, int.MaxValue], Gen.Bool, (n, y) => (ButtonAction)new ConfirmAction(n, y)),
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Enum<IntakeKey>(), Gen.Int[0, 4], (seq, key, value) => (ButtonAction)Intake(seq, key, value)),
        Gen.Int[1, int.MaxValue].Select(n => (ButtonAction)new ClaimAction(n)),
        Gen.Int[1, int.MaxValue].Select(n => (ButtonAction)new DetailsAction(n)),
        Gen.Int[1, int.MaxValue].Select(n => (ButtonAction)new WaitAction(n)),
        Gen.Select(Gen.Int[1, int.MaxValue], Gen.Int[1, 5], (n, s) => (ButtonAction)new RateAction(n, s)),
        Gen.Bool.Select(y => (ButtonAction)new ForgetAction(y)),
        Gen.Select(Gen.Int[1, int.MaxValue], Gen.Long[1, long.MaxValue], (n, id) => (ButtonAction)new AssignAction(n, id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Int[1, int.MaxValue].Select(n => (ButtonAction)new DeclineAssignmentAction(n)),
        Gen.Long[1, MaxIncident].Select(i => (ButtonAction)new IncidentClaimAction(i)),
        Gen.Select(Gen.Long[1, MaxIncident], Gen.Int[1, int.MaxValue], Gen.Bool, (i, q, y) => (ButtonAction)new IncidentCloseAction(i, q, y)),
        Gen.Select(Gen.Int[1, int.MaxValue], Gen.Long[1, MaxIncident], (n, i) => (ButtonAction)new IncidentJoinAction(n, i)));

    /// <summary>The largest incident number the codec reads back (18 digits).</summary>
    private const long MaxIncident = 999_999_999_999_999_999;

    [Fact]
    public void Encode_EveryAction_RoundTripsWithinTelegramsAndMaxsLimits() =>
        Actions.Sample(action =>
        {
            var data = ButtonCodec.Encode(action);
            Assert.InRange(Encoding.UTF8.GetByteCount(data), 1, ButtonCodec.MaxBytes);
            Assert.True(Encoding.UTF8.GetByteCount(data) <= ChatSupport.Bot.Max.MaxSender.PayloadLimit);
            Assert.Equal(action, ButtonCodec.Decode(data));
        }, iter: 20_000);

    [Fact]
    public void Encode_TheLongestForms_FitIn64Bytes()
    {
        ButtonAction[] longest = [new ConfirmAction(int.MaxValue, false), new IntakeAction(int.MaxValue, IntakeKey.EditOrganisation), new IntakeAction(int.MaxValue, IntakeKey.Software, 4),
            new AssignAction(int.MaxValue, new string('9', 32)), new IncidentCloseAction(MaxIncident, int.MaxValue, true), new IncidentJoinAction(int.MaxValue, MaxIncident)];
        Assert.All(longest, a => Assert.True(Encoding.UTF8.GetByteCount(ButtonCodec.Encode(a)) <= 64, ButtonCodec.Encode(a)));
    }

    /// <summary>What cards, menus and dialogue steps already in chats carry: written before the codec, read the same.</summary>
    [Theory]
    [InlineData("m:new", "MenuAction { Item = NewRequest }")]
    [InlineData("m:my", "MenuAction { Item = MyRequests }")]
    [InlineData("m:help", "MenuAction { Item = Help }")]
    [InlineData("my:3", "TicketsPageAction { Page = 3 }")]
    [InlineData("t:12", "ShowTicketAction { Number = 12 }")]
    [InlineData("lang:en", "LanguageAction { Language = En }")]
    [InlineData("cm:7", "AttachCommentAction { Number = 7 }")]
    [InlineData("cf:7:y", "ConfirmAction { Number = 7, Solved = True }")]
    [InlineData("cf:7:n", "ConfirmAction { Number = 7, Solved = False }")]
    [InlineData("claim:42", "ClaimAction { Number = 42 }")]
    [InlineData("info:42", "DetailsAction { Number = 42 }")]
    [InlineData("d:1003:reg", "IntakeAction { Seq = 1003, Key = Register, Value = 0 }")]
    [InlineData("d:5:cat4", "IntakeAction { Seq = 5, Key = Category, Value = 4 }")]
    [InlineData("d:5:lvl1", "IntakeAction { Seq = 5, Key = Level, Value = 1 }")]
    [InlineData("d:5:st3", "IntakeAction { Seq = 5, Key = Software, Value = 3 }")]
    [InlineData("d:5:altn", "IntakeAction { Seq = 5, Key = Alternative, Value = 0 }")]
    [InlineData("d:5:alty", "IntakeAction { Seq = 5, Key = Alternative, Value = 1 }")]
    [InlineData("d:5:ok", "IntakeAction { Seq = 5, Key = AcceptProposal, Value = 0 }")]
    [InlineData("d:5:elvl", "IntakeAction { Seq = 5, Key = EditLevel, Value = 0 }")]
    public void Decode_TheFormatBeforeTheCodec_IsStillRead(string data, string action) =>
        Assert.Equal(action, ButtonCodec.Decode(data)!.ToString().Replace("IsStaffOnly = False, ", string.Empty, StringComparison.Ordinal).Replace("IsStaffOnly = True, ", string.Empty, StringComparison.Ordinal));

    /// <summary>Forged, truncated or unknown data is no action at all: never misread as another.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("claim:")]
    [InlineData("claim:0")]
    [InlineData("claim:-1")]
    [InlineData("claim:+5")]
    [InlineData("claim: 5")]
    [InlineData("claim:99999999999")]
    [InlineData("claim:1:2")]
    [InlineData("d:5:cat5")]
    [InlineData("d:5:lvl0")]
    [InlineData("d:-1:reg")]
    [InlineData("d:5:drop table")]
    [InlineData("lang:de")]
    [InlineData("my:10000")]
    [InlineData("cf:1:maybe")]
    [InlineData("2:cl:0")]
    [InlineData("2:d:5:c:9")]
    [InlineData("2:d:5:reg:1")]
    [InlineData("2:zz:1")]
    [InlineData("3:cl:1")]
    [InlineData("١٢")]
    public void Decode_AnythingElse_IsNull(string? data) => Assert.Null(ButtonCodec.Decode(data));

    [Fact]
    public void Encode_IsVersioned()
    {
        Assert.Equal("2:cl:12", ButtonCodec.Encode(new ClaimAction(12)));
        Assert.Equal("2:d:1003:l:2", ButtonCodec.Encode(new IntakeAction(1003, IntakeKey.Level, 2)));
    }

    private static IntakeAction Intake(int seq, IntakeKey key, int value) => key switch
    {
        IntakeKey.Category or IntakeKey.Software => new IntakeAction(seq, key, Math.Clamp(value, 1, 4)),
        IntakeKey.Level => new IntakeAction(seq, key, Math.Clamp(value, 1, 3)),
        IntakeKey.Alternative => new IntakeAction(seq, key, value % 2),
        _ => new IntakeAction(seq, key),
    };
}
