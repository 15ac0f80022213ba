using BriefingBot.Core.Chat;
using BriefingBot.Core.Chat.Messages;
using BriefingBot.Core.Scheduling;

namespace BriefingBot.Tests.Support;

/// <summary>
/// A Telegram-named briefing channel that keeps what it was asked to send, in plain text. It can be told to
/// crash after a number of messages (a process dying mid-delivery) or to report the chat as gone.
/// </summary>
public sealed class RecordingChannel : IBriefingChannel
{
    private readonly PlainTextChatFormatter _formatter = new(4096);
    private readonly Lock _lock = new();

    public List<(string ChatId, string Text, string Key)> Sent { get; } = [];

    public List<(string UserId, string Text)> Notified { get; } = [];

    /// <summary>When set, a send after this many successful ones throws (and so do later ones until cleared).</summary>
    public int? CrashAfter { get; set; }

    /// <summary>When set, every send reports the chat as unreachable with this reason.</summary>
    public string? GoneReason { get; set; }

    public string Platform => "telegram";

    /// <summary>When set, the first render waits for it (a briefing that takes long to build); <see cref="Rendering"/> says it started.</summary>
    public TaskCompletionSource? HoldFirstRender { get; set; }

    public TaskCompletionSource Rendering { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<IReadOnlyList<OutgoingMessage>> RenderAsync(ChatReply reply, CancellationToken ct)
    {
        if (HoldFirstRender is { } hold && Rendering.TrySetResult())
            await hold.Task.WaitAsync(ct);
        return _formatter.Format(reply);
    }

    public Task<string?> SendAsync(Subscription subscription, OutgoingMessage message, string idempotencyKey, CancellationToken ct)
    {
        lock (_lock)
        {
            if (GoneReason is not null)
                return Task.FromResult<string?>(GoneReason);
            if (CrashAfter is { } n && Sent.Count >= n)
                throw new HttpRequestException("connection reset (the test's crash)");
            Sent.Add((subscription.ChatId, message.Text, idempotencyKey));
        }

        return Task.FromResult<string?>(null);
    }

    public Task<bool> NotifyAsync(string userId, string text, CancellationToken ct)
    {
        lock (_lock)
            Notified.Add((userId, text));
        return Task.FromResult(true);
    }

    /// <summary>The texts sent to a chat, in order.</summary>
    public List<string> To(string chatId)
    {
        lock (_lock)
            return Sent.Where(s => s.ChatId == chatId).Select(s => s.Text).ToList();
    }
}
