using BriefingBot.Core.Answers;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>/ask &lt;question&gt; — an answer from the community's sources only, with citations.</summary>
public sealed class AskCommand(QuestionAnswerer answerer, ICommunityStore communities, IOptions<BotOptions> options) : IChatCommand
{
    public string Name => "ask";

    public string Usage => "/ask <question>";

    public string Description => "Answer from this chat's sources, with citations";

    public bool ModeratorOnly => false;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        var question = context.Arguments;
        if (question.Length == 0)
            return new ErrorReply("Ask a question after /ask, for example: /ask What happened in Idlib?");
        var max = options.Value.MaxQuestionLength;
        if (question.Length > max)
            return new ErrorReply($"Questions are limited to {max} characters; yours has {question.Length}.");
        var outlets = await BriefCommand.ActiveOutlets(communities, context.CommunityId, ct);
        if (outlets.Count == 0)
            return new TextReply(BriefCommand.NoSources);
        return new AnswerReply(await answerer.AskAsync(question, ct, outlets, context.CommunityId));
    }
}
