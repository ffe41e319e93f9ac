using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// Forum supergroups, as the Bot API has them: getChat (is_forum), getChatMember (the bot's admin rights),
/// createForumTopic, editForumTopic, closeForumTopic, reopenForumTopic — and message_thread_id on every send — with
/// Telegram's checks: a name of 1–128 characters, one of six icon colours, the can_manage_topics right, an existing
/// topic, TOPIC_NOT_MODIFIED for a change that changes nothing, TOPIC_CLOSED for a closed topic without the right.
/// </summary>
public sealed partial class FakeBotApi
{
    public const long BotUserId = 123456;

    private static readonly int[] TopicColors = [0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F];

    private readonly ConcurrentDictionary<long, Forum> _forums = new();

    /// <summary>A topic as the fake holds it.</summary>
    public sealed record Topic(int ThreadId, string Name, int IconColor, bool Closed);

    private sealed class Forum
    {
        public bool CanManageTopics { get; set; }

        public ConcurrentDictionary<int, Topic> Topics { get; } = new();
    }

    /// <summary>Makes a chat a forum supergroup in which the bot is an administrator, with or without the right to manage topics.</summary>
    public void MakeForum(long chatId, bool canManageTopics = true) => _forums[chatId] = new Forum { CanManageTopics = canManageTopics };

    /// <summary>Gives or takes the bot's right to manage topics (an admin changing it by hand).</summary>
    public void SetTopicRights(long chatId, bool canManageTopics) => _forums[chatId].CanManageTopics = canManageTopics;

    public IReadOnlyList<Topic> TopicsOf(long chatId) => _forums.TryGetValue(chatId, out var forum) ? [.. forum.Topics.Values.OrderBy(t => t.ThreadId)] : [];

    /// <summary>Deletes a topic by hand (as an admin in the app would).</summary>
    public void DeleteTopic(long chatId, int threadId) => _forums[chatId].Topics.TryRemove(threadId, out _);

    /// <summary>A user writes in a forum topic; <paramref name="replyTo"/> a message they reply to (else the topic's first message, as Telegram sets it).</summary>
    public int UserSendsInTopic(long userId, long chatId, int threadId, string? text, string firstName = "Иван", int? replyTo = null, string? photoFileId = null) =>
        Enqueue("message", Message(userId, firstName, "ru", chatId, "supergroup", m =>
        {
            m["message_thread_id"] = threadId;
            m["is_topic_message"] = true;
            m["reply_to_message"] = new JsonObject
            {
                ["message_id"] = replyTo ?? threadId,
                ["date"] = Now.ToUnixTimeSeconds(),
                ["chat"] = Chat(chatId, "supergroup", "Дежурные"),
                ["message_thread_id"] = threadId,
                ["is_topic_message"] = true,
            };
            if (replyTo is null)
            {
                m["reply_to_message"]!["forum_topic_created"] = new JsonObject { ["name"] = "topic", ["icon_color"] = 0x6FB9F0 };
            }
            else
            {
                m["reply_to_message"]!["from"] = User(BotUserId, "ChatSupport", null, isBot: true);
                m["reply_to_message"]!["text"] = "…";
            }

            if (photoFileId is null)
            {
                m["text"] = text;
            }
            else
            {
                m["photo"] = new JsonArray(new JsonObject { ["file_id"] = photoFileId, ["file_unique_id"] = photoFileId + "u", ["width"] = 800, ["height"] = 600, ["file_size"] = 50_000 });
                if (text is not null)
                {
                    m["caption"] = text;
                }
            }
        }));

    /// <summary>The topic a sent message went into (null: the chat itself / the general topic).</summary>
    public static int? ThreadOf(ApiCall call) => call.Body["message_thread_id"] is { } id ? int.Parse(id.ToString(), CultureInfo.InvariantCulture) : null;

    /// <summary>Telegram's refusal of a forum call or of a send into a topic, or null when it goes through.</summary>
    private string? ForumRefusal(string method, JsonObject body)
    {
        var chatId = body["chat_id"] is { } c && long.TryParse(c.ToString(), CultureInfo.InvariantCulture, out var id) ? id : 0;
        _forums.TryGetValue(chatId, out var forum);
        var thread = body["message_thread_id"] is { } t ? int.Parse(t.ToString(), CultureInfo.InvariantCulture) : (int?)null;
        switch (method)
        {
            case "createForumTopic" or "editForumTopic" or "closeForumTopic" or "reopenForumTopic":
                if (forum is null)
                {
                    return "Bad Request: the chat is not a forum";
                }

                if (!forum.CanManageTopics)
                {
                    return method == "createForumTopic" ? "Bad Request: not enough rights to create a topic" : "Bad Request: not enough rights to manage topics";
                }

                if (method != "createForumTopic" && (thread is null || !forum.Topics.ContainsKey(thread.Value)))
                {
                    return "Bad Request: message thread not found";
                }

                if (method is "createForumTopic" or "editForumTopic" && body["name"] is { } nameNode)
                {
                    var name = nameNode.ToString();
                    if (name.Length is 0 or > 128)
                    {
                        return "Bad Request: TOPIC_TITLE_EMPTY or too long: the name must be 1-128 characters";
                    }
                }
                else if (method == "createForumTopic")
                {
                    return "Bad Request: TOPIC_TITLE_EMPTY";
                }

                if (method == "createForumTopic" && body["icon_color"] is { } color && !TopicColors.Contains(int.Parse(color.ToString(), CultureInfo.InvariantCulture)))
                {
                    return "Bad Request: invalid icon color";
                }

                if (thread is { } existing && forum.Topics.TryGetValue(existing, out var topic)
                    && ((method == "editForumTopic" && body["name"]?.ToString() == topic.Name)
                        || (method == "closeForumTopic" && topic.Closed)
                        || (method == "reopenForumTopic" && !topic.Closed)))
                {
                    return "Bad Request: TOPIC_NOT_MODIFIED";
                }

                return null;
            case "sendMessage" or "sendPhoto" or "sendDocument" or "sendVideo" or "sendAudio" when thread is { } into:
                if (forum is null || !forum.Topics.TryGetValue(into, out var target))
                {
                    return "Bad Request: message thread not found";
                }

                return target.Closed && !forum.CanManageTopics ? "Bad Request: TOPIC_CLOSED" : null;
            default:
                return null;
        }
    }

    /// <summary>The result of a forum call that went through (null: not a forum call).</summary>
    private JsonNode? ForumCall(string method, JsonObject body, ref int? messageId)
    {
        var chatId = body["chat_id"] is { } c && long.TryParse(c.ToString(), CultureInfo.InvariantCulture, out var id) ? id : 0;
        _forums.TryGetValue(chatId, out var forum);
        switch (method)
        {
            case "getChat":
                return new JsonObject
                {
                    ["id"] = chatId,
                    ["type"] = chatId < 0 ? "supergroup" : "private",
                    ["title"] = "Дежурные",
                    ["is_forum"] = forum is not null,
                    ["accent_color_id"] = 0,
                    ["max_reaction_count"] = 11,
                    ["accepted_gift_types"] = new JsonObject { ["unlimited_gifts"] = false, ["limited_gifts"] = false, ["unique_gifts"] = false, ["premium_subscription"] = false },
                };
            case "getChatMember":
                var userId = long.Parse(body["user_id"]!.ToString(), CultureInfo.InvariantCulture);
                var user = User(userId, userId == BotUserId ? "ChatSupport" : "User", null, isBot: userId == BotUserId);
                return forum is not null && userId == BotUserId
                    ? new JsonObject
                    {
                        ["status"] = "administrator",
                        ["user"] = user,
                        ["can_be_edited"] = false,
                        ["is_anonymous"] = false,
                        ["can_manage_chat"] = true,
                        ["can_delete_messages"] = true,
                        ["can_manage_video_chats"] = false,
                        ["can_restrict_members"] = false,
                        ["can_promote_members"] = false,
                        ["can_change_info"] = false,
                        ["can_invite_users"] = true,
                        ["can_post_stories"] = false,
                        ["can_edit_stories"] = false,
                        ["can_delete_stories"] = false,
                        ["can_manage_topics"] = forum.CanManageTopics,
                    }
                    : new JsonObject { ["status"] = "member", ["user"] = user };
            case "createForumTopic":
                var threadId = Interlocked.Increment(ref _nextMessageId);
                messageId = threadId;
                var created = new Topic(threadId, body["name"]!.ToString(), body["icon_color"] is { } color ? int.Parse(color.ToString(), CultureInfo.InvariantCulture) : 0x6FB9F0, false);
                forum!.Topics[threadId] = created;
                return new JsonObject { ["message_thread_id"] = threadId, ["name"] = created.Name, ["icon_color"] = created.IconColor };
            case "editForumTopic" or "closeForumTopic" or "reopenForumTopic":
                var thread = int.Parse(body["message_thread_id"]!.ToString(), CultureInfo.InvariantCulture);
                forum!.Topics.AddOrUpdate(thread, _ => throw new InvalidOperationException("checked before"), (_, old) => method switch
                {
                    "editForumTopic" => old with { Name = body["name"]?.ToString() ?? old.Name },
                    "closeForumTopic" => old with { Closed = true },
                    _ => old with { Closed = false },
                });
                return true;
            default:
                return null;
        }
    }
}
