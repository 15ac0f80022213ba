using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace BriefingBot.Core.Llm;

/// <summary>
/// The Semantic Kernel the LLM layer runs its prompt functions on. Core knows only the chat client's abstraction
/// (<see cref="IChatClient"/>); the host picks the provider (OpenAI-compatible or Azure OpenAI) and hands its client in.
/// The client is wrapped in SK's function-invocation loop, the same chain SK's AddOpenAIChatClient and
/// AddAzureOpenAIChatClient build, so a prompt function given tools runs them (/ask) and one without tools is one call.
/// </summary>
public static class LlmKernel
{
    /// <summary>A kernel over <paramref name="chat"/> (the provider's client, retries included) with no plugins.</summary>
    public static Kernel Create(IChatClient chat, ILoggerFactory? loggers = null)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(chat.AsBuilder().UseKernelFunctionInvocation(loggers).Build());
        if (loggers is not null)
            builder.Services.AddSingleton(loggers);
        return builder.Build();
    }

    /// <summary>
    /// A kernel for one question: <paramref name="plugin"/> as the <c>reports</c> plugin, and the tool loop capped at
    /// <paramref name="rounds"/> replies that call tools (after which Microsoft.Extensions.AI sends one request without
    /// tools), with <paramref name="budget"/> under the loop so that the tokens it has spent also end the tool rounds.
    /// </summary>
    public static Kernel CreateForQuestion(IChatClient chat, object plugin, int rounds, ToolBudget budget, ILoggerFactory? loggers = null)
    {
        var client = new ToolBudgetChatClient(chat, budget).AsBuilder().UseKernelFunctionInvocation(loggers).Build();
        // SK's builder extension takes no settings; its client is Microsoft.Extensions.AI's FunctionInvokingChatClient.
        // Failures are reported to the model as "function failed", without detail: the plugin answers bad input with
        // its own plain messages, and nothing of the store's internals reaches the endpoint.
        if (client.GetService(typeof(FunctionInvokingChatClient)) is FunctionInvokingChatClient loop)
            loop.MaximumIterationsPerRequest = Math.Max(1, rounds);

        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(client);
        if (loggers is not null)
            builder.Services.AddSingleton(loggers);
        builder.Plugins.AddFromObject(plugin, "reports");
        return builder.Build();
    }

    /// <summary>
    /// The request settings of every call: JSON replies, a low temperature, Llm:MaxOutputTokens. They go as SK's
    /// provider-neutral settings, which SK maps onto <see cref="ChatOptions"/>; no model id (the client is bound to its
    /// model or deployment, and an id here would make SK select services by it).
    /// </summary>
    public static PromptExecutionSettings Settings(LlmOptions options, bool tools = false) => new()
    {
        FunctionChoiceBehavior = tools ? FunctionChoiceBehavior.Auto() : null,
        ExtensionData = new Dictionary<string, object>
        {
            ["max_tokens"] = options.MaxOutputTokens,
            ["temperature"] = 0.2,
            ["response_format"] = "json_object",
        },
    };

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
