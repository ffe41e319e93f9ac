namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>A Telegram user in a private chat with the bot, as the tests drive them.</summary>
public sealed class FakeUser(FakeBotApi api, long userId, string firstName = "Анна", string? languageCode = "ru")
{
    private int _seen;

    public long Id => userId;

    /// <summary>The last message the bot sent this user.</summary>
    public ApiCall? Last { get; private set; }

    public Task<ApiCall> SendAsync(string text)
    {
        api.UserSends(userId, text, firstName, languageCode);
        return NextAsync();
    }

    public Task<ApiCall> SendPhotoAsync(string fileId, string? caption = null)
    {
        api.UserSendsPhoto(userId, fileId, caption, firstName);
        return NextAsync();
    }

    /// <summary>Presses the button whose label contains <paramref name="label"/> under the newest message that has it.</summary>
    public Task<ApiCall> PressAsync(string label)
    {
        var (message, data) = FindButton(label);
        api.UserPresses(userId, message.MessageId!.Value, data, firstName, languageCode: languageCode);
        return NextAsync();
    }

    /// <summary>Presses a button without waiting for a reply (for double taps); returns the update id.</summary>
    public int Tap(string label)
    {
        var (message, data) = FindButton(label);
        return api.UserPresses(userId, message.MessageId!.Value, data, firstName, languageCode: languageCode);
    }

    /// <summary>Waits for the next message the bot sends this user.</summary>
    public async Task<ApiCall> NextAsync()
    {
        Last = await api.WaitForMessageAsync(userId, ++_seen);
        return Last;
    }

    /// <summary>Counts the messages already received as seen (after a restart or a burst).</summary>
    public void Skip(int count) => _seen += count;

    public int Received => api.SentTo(userId).Count;

    private (ApiCall Message, string Data) FindButton(string label)
    {
        foreach (var message in api.SentTo(userId).Reverse())
        {
            var match = FakeBotApi.ButtonsOf(message).FirstOrDefault(b => b.Key.Contains(label, StringComparison.Ordinal));
            if (match.Key is not null)
            {
                return (message, match.Value);
            }
        }

        throw new InvalidOperationException($"No button «{label}» was ever shown to user {userId}.");
    }
}
