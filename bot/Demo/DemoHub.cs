using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Demo;

/// <summary>One message in a demo chat: what the bot sent (with buttons) or what the person typed.</summary>
public sealed record DemoMessage(long Id, string Chat, string Text, IReadOnlyList<IReadOnlyList<Button>> Buttons, string? File, DateTimeOffset At, bool FromBot, string? Author, bool Edited = false);

/// <summary>A pane of the demo page: a chat as one person sees it.</summary>
public sealed record DemoPane(string Id, string Title, string TitleEn, string ChatId, ChatKind Kind, string UserId, string UserName, string[] Shows);

/// <summary>
/// The demo messenger's server side: the chats' messages in memory (the demo starts empty every time),
/// and a change signal the page's event stream waits on.
/// </summary>
public sealed class DemoHub
{
    public const string CustomerId = "demo-customer";
    public const string EngineerId = "demo-engineer";
    public const string ManagerId = "demo-manager";
    public const string DutyChat = "demo-duty";
    public const string ManagersChat = "demo-managers";

    private readonly object _gate = new();
    private readonly List<DemoMessage> _messages = [];
    private readonly List<(long Id, string Text)> _notices = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private long _version;

    public DemoHub(DemoOptions options)
    {
        Panes =
        [
            new("customer", DemoTexts.CustomerPane.Ru, DemoTexts.CustomerPane.En, CustomerId, ChatKind.Private, CustomerId, DemoTexts.CustomerName, [CustomerId]),
            new("duty", DemoTexts.DutyPane(options.EngineerName).Ru, DemoTexts.DutyPane(options.EngineerName).En, DutyChat, ChatKind.Group, EngineerId, options.EngineerName, [DutyChat]),
            new("engineer", DemoTexts.EngineerPane(options.EngineerName).Ru, DemoTexts.EngineerPane(options.EngineerName).En, EngineerId, ChatKind.Private, EngineerId, options.EngineerName, [EngineerId]),
            new("managers", DemoTexts.ManagersPane(options.ManagerName).Ru, DemoTexts.ManagersPane(options.ManagerName).En, ManagersChat, ChatKind.Group, ManagerId, options.ManagerName, [ManagersChat, ManagerId]),
        ];
    }

    public IReadOnlyList<DemoPane> Panes { get; }

    public long Version => Interlocked.Read(ref _version);

    public DemoPane? Pane(string? id) => Panes.FirstOrDefault(p => p.Id == id);

    public DemoMessage Add(string chat, string text, IReadOnlyList<IReadOnlyList<Button>>? buttons, string? file, DateTimeOffset at, bool fromBot, string? author)
    {
        DemoMessage message;
        lock (_gate)
        {
            message = new DemoMessage(++_nextId, chat, text, buttons ?? [], file, at, fromBot, author);
            _messages.Add(message);
            if (_messages.Count > 5000)
            {
                _messages.RemoveRange(0, 1000);
            }
        }

        Changed();
        return message;
    }

    public bool Edit(long id, string text, IReadOnlyList<IReadOnlyList<Button>>? buttons)
    {
        lock (_gate)
        {
            var index = _messages.FindIndex(m => m.Id == id);
            if (index < 0)
            {
                return false;
            }

            _messages[index] = _messages[index] with { Text = text, Buttons = buttons ?? [], Edited = true };
        }

        Changed();
        return true;
    }

    public DemoMessage? Find(long id)
    {
        lock (_gate)
        {
            return _messages.FirstOrDefault(m => m.Id == id);
        }
    }

    public void Notice(string text)
    {
        lock (_gate)
        {
            _notices.Add((++_nextId, text));
            if (_notices.Count > 20)
            {
                _notices.RemoveAt(0);
            }
        }

        Changed();
    }

    public (IReadOnlyList<DemoMessage> Messages, IReadOnlyList<(long Id, string Text)> Notices) Snapshot()
    {
        lock (_gate)
        {
            return ([.. _messages], [.. _notices]);
        }
    }

    /// <summary>Completes at the next change.</summary>
    public Task NextChangeAsync()
    {
        lock (_gate)
        {
            return _changed.Task;
        }
    }

    public void Changed()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            _version++;
            done = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }
}
