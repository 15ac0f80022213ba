using BriefingBot.Core.Chat;

namespace BriefingBot.Tests.Support;

/// <summary>A chat command (/slow) that takes as long as the test wants: an LLM answer, a source being probed.</summary>
public sealed class SlowCommand : IChatCommand
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "slow";

    public string Usage => "/slow";

    public string Description => "Takes its time";

    public bool ModeratorOnly => false;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        Started.TrySetResult();
        await Release.Task.WaitAsync(ct);
        return new TextReply("Done slowly.");
    }
}
