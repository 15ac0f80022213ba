namespace BriefingBot.Platforms.Telegram;

/// <summary>
/// Runs the handling of updates on the thread pool: different chats' at once, each chat's in the order it was given
/// (a chat's next update waits for its previous one, which may have failed: that failure is its own). Used from one
/// loop at a time (the poller's, the webhook worker's).
/// </summary>
internal sealed class PerChatOrder
{
    private readonly Dictionary<long, Task> _last = [];

    /// <summary>Starts <paramref name="work"/> after the chat's previous work; the task ends with the work.</summary>
    public Task Run(long chat, Func<Task> work)
    {
        foreach (var done in _last.Where(c => c.Value.IsCompleted).Select(c => c.Key).ToList())
            _last.Remove(done);
        var previous = _last.GetValueOrDefault(chat, Task.CompletedTask);
        var task = Task.Run(async () =>
        {
            try
            {
                await previous;
            }
            catch (Exception)
            {
                // Seen by whoever awaits the previous work.
            }

            await work();
        }, CancellationToken.None);
        _last[chat] = task;
        return task;
    }

    /// <summary>Completes when the work started so far has ended.</summary>
    public Task WhenAll() => Task.WhenAll(_last.Values);
}
