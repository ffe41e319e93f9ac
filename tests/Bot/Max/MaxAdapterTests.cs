using System.Text.Json;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Max;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChatSupport.Tests.Bot.Max;

/// <summary>The MAX adapter's translation of the schema and its configuration checks.</summary>
public sealed class MaxAdapterTests
{
    private static IncomingUpdate? Map(string json)
    {
        var list = JsonSerializer.Deserialize<MaxUpdateList>($$"""{"updates":[{{json}}],"marker":5}""", MaxJson.Options)!;
        var updates = list.Parse(out var unreadable);
        Assert.Equal(0, unreadable);
        return MaxUpdateMapper.Map(Assert.Single(updates));
    }

    [Fact]
    public void MessageInADialog_BecomesAPrivateMessage_WithFilesByTokenAndAddress()
    {
        var update = Map("""
            {"timestamp":1,"user_locale":"en","message":{"sender":{"user_id":7,"first_name":"John","last_name":"Doe","is_bot":false,"name":"John Doe"},
             "recipient":{"chat_id":182,"chat_type":"dialog","user_id":1},"timestamp":1,
             "body":{"mid":"mid.a","seq":116327994376978687,"text":"Help",
               "attachments":[{"type":"file","payload":{"url":"https://cdn/x","token":"t1"},"filename":"../../logs/app.log","size":12345},
                              {"type":"image","payload":{"photo_id":1,"token":"t2","url":"https://cdn/y"}}]}},
             "update_type":"message_created"}
            """)!;
        Assert.Equal(("m:mid.a", "182", ChatKind.Private, "7", "John Doe", "en", "Help"), (update.UpdateKey, update.ChatId, update.ChatKind, update.From.UserId, update.From.DisplayName, update.From.LanguageCode, update.Text));
        Assert.Equal(
            [new AttachmentRef(AttachmentKind.Document, "t1", "app.log", null, 12345, ChannelKind.Max) { Url = "https://cdn/x" },
             new AttachmentRef(AttachmentKind.Photo, "t2", null, "image/jpeg", null, ChannelKind.Max) { Url = "https://cdn/y" }],
            update.Attachments);
    }

    [Fact]
    public void CallbackWithoutItsMessage_IsAnsweredInTheUsersDialog()
    {
        var update = Map("""{"update_type":"message_callback","timestamp":1,"callback":{"timestamp":1,"callback_id":"cb1","payload":"m:new","user":{"user_id":9,"first_name":"A","is_bot":false}},"message":null}""")!;
        Assert.Equal(("c:cb1", "u9", ChatKind.Private, "m:new"), (update.UpdateKey, update.ChatId, update.ChatKind, update.Button!.Data));
        Assert.Equal(new MaxRecipientRef(9, null), MaxRecipientRef.Parse(update.ChatId));
        Assert.Equal(new MaxRecipientRef(null, -70801090403050), MaxRecipientRef.Parse("-70801090403050"));
        Assert.Null(MaxRecipientRef.Parse("u-1"));
        Assert.Null(MaxRecipientRef.Parse("0"));
    }

    [Fact]
    public void BotStarted_IsStart_AndStickersAloneAreUnsupported()
    {
        var started = Map("""{"update_type":"bot_started","timestamp":42,"chat_id":182,"user":{"user_id":7,"first_name":"John","is_bot":false},"payload":"x","user_locale":"ru"}""")!;
        Assert.Equal(("/start", "182", "s:7:42"), (started.Text, started.ChatId, started.UpdateKey));

        var sticker = Map("""{"update_type":"message_created","timestamp":1,"message":{"sender":{"user_id":7,"first_name":"J","is_bot":false},"recipient":{"chat_id":182,"chat_type":"dialog"},"body":{"mid":"mid.s","attachments":[{"type":"sticker","payload":{"url":"u","code":"c"}}]}}}""")!;
        Assert.Equal(UnsupportedContent.Sticker, sticker.Unsupported);

        Assert.Null(Map("""{"update_type":"dialog_muted","timestamp":1,"chat_id":1,"user":{"user_id":7,"first_name":"J","is_bot":false},"muted_until":5}"""));
    }

    [Fact]
    public void UnreadableUpdates_AreCounted_NotFatal()
    {
        var list = JsonSerializer.Deserialize<MaxUpdateList>("""{"updates":[{"update_type":"message_created","timestamp":"soon"},{"update_type":"bot_started","timestamp":1,"chat_id":1,"user":{"user_id":2,"first_name":"B","is_bot":false}}],"marker":null}""", MaxJson.Options)!;
        var parsed = list.Parse(out var unreadable);
        Assert.Equal(1, unreadable);
        Assert.IsType<MaxBotStarted>(Assert.Single(parsed));
    }

    [Fact]
    public void Keyboard_IsCallbackButtonsInRows()
    {
        var json = JsonSerializer.Serialize(new MaxNewMessage { Text = "Hi", Attachments = [MaxOutgoingAttachment.Keyboard([[new MaxButton("callback", "Да", "cf:1:y")]])] }, MaxJson.Options);
        Assert.Equal("""{"text":"Hi","attachments":[{"type":"inline_keyboard","payload":{"buttons":[[{"type":"callback","text":"Да","payload":"cf:1:y"}]]}}],"notify":true}""",
            json.Replace("\\u0414\\u0430", "Да", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, "Telegram:BotToken / Max:BotToken")]
    [InlineData(null, "short", "Max:BotToken")]
    public void StartingWithoutAUsableMessenger_StopsWithOneLine(string? telegram, string? max, string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = telegram,
            ["Max:BotToken"] = max,
            // Without a token the demo would start instead (DemoApiTests cover that).
            ["Demo:Enabled"] = "false",
            ["ConnectionStrings:Support"] = "Data Source=" + Path.Combine(Path.GetTempPath(), "never-created.db"),
        }).Build();
        var error = Assert.Throws<SupportConfigurationException>(() => BotHost.Build([], configuration, SlaSetup.FromConfiguration(configuration)));
        Assert.StartsWith("Configuration error: " + key, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("short", error.Message);
    }

    [Theory]
    [InlineData("Max:ApiBaseUrl", "ftp://x")]
    [InlineData("Max:Mode", "Push")]
    [InlineData("Max:PollingTimeout", "00:02:00")]
    public void BadMaxSettings_NameTheKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Max:BotToken"] = "max-test-token-0123456789abcdef",
            [key] = value,
        }).Build();
        var error = Assert.Throws<SupportConfigurationException>(() => BotHost.Build([], configuration, SlaSetup.FromConfiguration(configuration)));
        Assert.StartsWith("Configuration error: " + key, error.Message);
    }
}
