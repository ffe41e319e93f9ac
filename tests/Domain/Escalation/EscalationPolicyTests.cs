using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Escalation;
using NodaTime;

namespace ChatSupport.Tests.Domain.Escalation;

/// <summary>
/// <see cref="EscalationPolicy.Parse"/>: the escalation steps and the repeat as operators write them in
/// <c>Support:Escalation</c>, and the one-line errors that name the key and the value.
/// </summary>
public sealed partial class EscalationPolicyTests
{
    private const string Step1 = "Support:Escalation:Steps:1";
    private const string RepeatKey = "Support:Escalation:RepeatAfterBreach";

    private static EscalationStep ParseOne(string? at, string? to = null, string? mention = null) =>
        Assert.Single(EscalationPolicy.Parse([(Step1, at, to, mention)], RepeatKey, null).Steps);

    private static SupportConfigurationException ParseFails(string? at, string? to = null, string? mention = null) =>
        Assert.Throws<SupportConfigurationException>(() => EscalationPolicy.Parse([(Step1, at, to, mention)], RepeatKey, null));

    private static SupportConfigurationException RepeatFails(string? repeatKey, string repeat) =>
        Assert.Throws<SupportConfigurationException>(() => EscalationPolicy.Parse([(Step1, "50%", null, null)], repeatKey, repeat));

    [Theory]
    [InlineData("50%", 50.0)]
    [InlineData("80%", 80.0)]
    [InlineData(" 80% ", 80.0)]
    [InlineData("12.5%", 12.5)]
    [InlineData("0.5%", 0.5)]
    [InlineData("100%", 100.0)]
    [InlineData("150%", 150.0)]
    // The upper bound is inclusive: 1000% (ten windows) is still a share.
    [InlineData("1000%", 1000.0)]
    public void Parse_PercentAt_IsAShareOfTheWindow(string at, double percent)
    {
        var step = ParseOne(at);

        Assert.Equal(percent, step.Percent);
        Assert.Null(step.Offset);
    }

    [Theory]
    [InlineData("-00:30:00", -30)]
    [InlineData("+01:00:00", 60)]
    [InlineData("00:15:00", 15)]
    [InlineData("00:00:00", 0)]
    [InlineData("-1.00:00:00", -24 * 60)]
    public void Parse_OffsetAt_IsAnOffsetFromTheDeadline(string at, int minutes)
    {
        var step = ParseOne(at);

        Assert.Null(step.Percent);
        Assert.Equal(Duration.FromMinutes(minutes), step.Offset);
    }

    [Theory]
    [InlineData("Duty", EscalationTarget.Duty)]
    [InlineData("Managers", EscalationTarget.Managers)]
    [InlineData("Duty,Managers", EscalationTarget.Duty | EscalationTarget.Managers)]
    [InlineData("managers, DUTY", EscalationTarget.Duty | EscalationTarget.Managers)]
    [InlineData("duty", EscalationTarget.Duty)]
    [InlineData("MANAGERS", EscalationTarget.Managers)]
    [InlineData("Duty,Duty", EscalationTarget.Duty)]
    [InlineData("", EscalationTarget.Duty)]
    [InlineData("  ", EscalationTarget.Duty)]
    [InlineData(null, EscalationTarget.Duty)]
    public void Parse_To_NamesTheChats_CaseInsensitive_EmptyIsDuty(string? to, EscalationTarget expected)
    {
        Assert.Equal(expected, ParseOne("50%", to).To);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Parse_Mention_TrueFalseOrEmpty(string? mention, bool expected)
    {
        Assert.Equal(expected, ParseOne("80%", mention: mention).Mention);
    }

    [Fact]
    public void Parse_SeveralSteps_IndexedInTheGivenOrder()
    {
        // The keys are only for messages; the index is the position in the list (0, 1, 2 …).
        var policy = EscalationPolicy.Parse(
            [
                ("Support:Escalation:Steps:0", "-00:30:00", "Managers", "true"),
                ("Support:Escalation:Steps:5", "25%", null, null),
                ("Support:Escalation:Steps:9", "+01:00:00", "Duty,Managers", "false"),
            ],
            RepeatKey,
            null);

        Assert.Equal(
            [
                new EscalationStep(0, null, Duration.FromMinutes(-30), EscalationTarget.Managers, true),
                new EscalationStep(1, 25, null, EscalationTarget.Duty, false),
                new EscalationStep(2, null, Duration.FromHours(1), EscalationTarget.Duty | EscalationTarget.Managers, false),
            ],
            policy.Steps);
    }

    [Fact]
    public void Parse_NoSteps_KeepsTheDefaultSteps()
    {
        var policy = EscalationPolicy.Parse([], RepeatKey, "03:00:00");

        // The default: 50% duty, 80% duty with mentions, 100% duty and managers.
        Assert.Equal(
            [
                new EscalationStep(0, 50, null, EscalationTarget.Duty, false),
                new EscalationStep(1, 80, null, EscalationTarget.Duty, true),
                new EscalationStep(2, 100, null, EscalationTarget.Duty | EscalationTarget.Managers, false),
            ],
            policy.Steps);
        Assert.Equal(Duration.FromHours(3), policy.RepeatAfterBreach);
        Assert.Equal(2, policy.BreachStep!.Index);
    }

    [Theory]
    // Not set: the default 2 h.
    [InlineData(null, 2 * 60)]
    [InlineData("", 2 * 60)]
    [InlineData("   ", 2 * 60)]
    // 00:00:00 means never repeat.
    [InlineData("00:00:00", 0)]
    // The smallest repeat allowed is 5 minutes.
    [InlineData("00:05:00", 5)]
    [InlineData(" 00:30:00 ", 30)]
    [InlineData("04:00:00", 4 * 60)]
    [InlineData("1.00:00:00", 24 * 60)]
    public void Parse_RepeatAfterBreach_ZeroIsNever_AtLeastFiveMinutes(string? repeat, int minutes)
    {
        var policy = EscalationPolicy.Parse([(Step1, "100%", null, null)], RepeatKey, repeat);

        Assert.Equal(Duration.FromMinutes(minutes), policy.RepeatAfterBreach);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2h")]
    [InlineData("-01:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("00:04:59")]
    [InlineData("00:00:01")]
    [InlineData("00:60:00")]
    public void Parse_RepeatAfterBreach_BadNegativeOrTooSmall_ThrowsNamingKeyAndValue(string repeat)
    {
        var error = RepeatFails(RepeatKey, repeat);

        Assert.Equal(RepeatKey, error.Key);
        Assert.Equal(repeat, error.Value);
        Assert.StartsWith($"Configuration error: Support:Escalation:RepeatAfterBreach = \"{repeat}\": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatAfterBreach_WithoutAKey_NamesTheSectionKey()
    {
        var error = RepeatFails(null, "00:01:00");

        Assert.Equal("Support:Escalation:RepeatAfterBreach", error.Key);
        Assert.Contains("\"00:01:00\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0%")]
    [InlineData("-50%")]
    [InlineData("1001%")]
    [InlineData("%")]
    [InlineData("50 %%")]
    [InlineData("fifty%")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("30 min")]
    // A bare number is not an offset: "50" (the % forgotten) was read as TimeSpan "c" = 50 days after the deadline.
    [InlineData("50")]
    [InlineData("80")]
    [InlineData("-1")]
    // One sign at most: "+-00:30:00" was read as +30 min and "--00:30:00" as −30 min.
    [InlineData("+-00:30:00")]
    [InlineData("--00:30:00")]
    [InlineData("-+00:30:00")]
    public void Parse_BadAt_ThrowsNamingTheStepsAtKeyAndTheValue(string at)
    {
        var error = ParseFails(at);

        Assert.Equal("Support:Escalation:Steps:1:At", error.Key);
        Assert.Equal(at, error.Value);
        Assert.StartsWith($"Configuration error: Support:Escalation:Steps:1:At = \"{at}\": expected a share", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingAt_ThrowsNamingTheKey()
    {
        var error = ParseFails(null);

        Assert.Equal("Support:Escalation:Steps:1:At", error.Key);
        Assert.Null(error.Value);
        Assert.StartsWith("Configuration error: Support:Escalation:Steps:1:At: expected a share", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Everyone")]
    [InlineData("Duty,Everyone")]
    [InlineData("Duty;Managers")]
    [InlineData("Manager")]
    public void Parse_BadTo_ThrowsNamingTheStepsToKeyAndTheWholeValue(string to)
    {
        var error = ParseFails("50%", to);

        Assert.Equal("Support:Escalation:Steps:1:To", error.Key);
        Assert.Equal(to, error.Value);
        Assert.StartsWith($"Configuration error: Support:Escalation:Steps:1:To = \"{to}\": expected Duty, Managers or both", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    public void Parse_BadMention_ThrowsNamingTheStepsMentionKeyAndTheValue(string mention)
    {
        var error = ParseFails("80%", mention: mention);

        Assert.Equal("Support:Escalation:Steps:1:Mention", error.Key);
        Assert.Equal(mention, error.Value);
        Assert.Equal($"Configuration error: Support:Escalation:Steps:1:Mention = \"{mention}\": expected true or false", error.Message);
    }

    [Fact]
    public void Parse_SecondStepBad_NamesTheSecondStepsKey()
    {
        var error = Assert.Throws<SupportConfigurationException>(() => EscalationPolicy.Parse(
            [("Support:Escalation:Steps:0", "50%", null, null), ("Support:Escalation:Steps:1", "80%", "Duty", "maybe")],
            RepeatKey,
            null));

        Assert.Equal("Support:Escalation:Steps:1:Mention", error.Key);
        Assert.Equal("maybe", error.Value);
    }
}
