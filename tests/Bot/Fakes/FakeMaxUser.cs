namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>A MAX user in a private dialog with the bot, as the tests drive them.</summary>
public sealed class FakeMaxUser(FakeMaxApi api, long userId, string name = "Борис")
{
    private int _seen;

    public long Id => userId;

    public MaxCall? Last { get; private set; }

    public Task<MaxCall> StartAsync()
    {
        api.UserStarts(userId, name);
        return NextAsync();
    }

    public Task<MaxCall> SendAsync(string text)
    {
        api.UserSends(userId, text, name);
        return NextAsync();
    }

    public Task<MaxCall> SendFileAsync(byte[] content, string fileName, bool image, string? caption = null)
    {
        api.UserSendsFile(userId, content, fileName, image, caption, name);
        return NextAsync();
    }

    /// <summary>Presses the button whose label contains <paramref name="label"/> under the newest message that has it.</summary>
    public Task<MaxCall> PressAsync(string label)
    {
        foreach (var message in api.SentTo(userId).Reverse())
        {
            var match = message.Buttons.FirstOrDefault(b => b.Key.Contains(label, StringComparison.Ordinal));
            if (match.Key is not null)
            {
                api.UserPresses(userId, message.MessageId!, match.Value, name);
                return NextAsync();
            }
        }

        throw new InvalidOperationException($"No button «{label}» was ever shown to MAX user {userId}.");
    }

    public async Task<MaxCall> NextAsync()
    {
        Last = await api.WaitForMessageAsync(userId, ++_seen);
        return Last;
    }
}
