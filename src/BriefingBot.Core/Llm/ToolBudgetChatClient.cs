using Microsoft.Extensions.AI;

namespace BriefingBot.Core.Llm;

/// <summary>What one question has spent on the model: requests and the tokens the endpoint reported.</summary>
public sealed class ToolBudget(int maxRounds, long maxTokens)
{
    public int Requests { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    /// <summary>Whether the next request must go without tools: the rounds or the tokens are used up.</summary>
    public bool Spent => Requests >= maxRounds || InputTokens + OutputTokens >= maxTokens;

    internal void Add(UsageDetails? usage)
    {
        Requests++;
        InputTokens += usage?.InputTokenCount ?? 0;
        OutputTokens += usage?.OutputTokenCount ?? 0;
    }
}

/// <summary>
/// Sits under the function-invocation loop of one question: counts each request and its tokens, and once the
/// <see cref="ToolBudget"/> is spent sends the next request without tools, so the model must answer from the quotes it
/// has. A model that calls a tool anyway gets its call dropped from the reply (nothing more is run, and the loop ends).
/// </summary>
internal sealed class ToolBudgetChatClient(IChatClient inner, ToolBudget budget) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var spent = budget.Spent;
        if (spent && options is { Tools.Count: > 0 })
        {
            options = options.Clone();
            options.Tools = null;
            options.ToolMode = null;
        }

        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        budget.Add(response.Usage);
        if (spent)
        {
            foreach (var message in response.Messages)
            {
                var calls = message.Contents.OfType<FunctionCallContent>().ToList();
                foreach (var call in calls)
                    message.Contents.Remove(call);
            }
        }

        return response;
    }

    // The bot never streams; a stream would bypass the count.
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the bot's questions are not streamed");
}
