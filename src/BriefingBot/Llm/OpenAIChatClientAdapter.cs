using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using BriefingBot.Core.Llm;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace BriefingBot.Llm;

/// <summary>
/// <see cref="IChatClient"/> over the OpenAI SDK's <see cref="ChatClient"/>: any OpenAI-compatible endpoint
/// (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp server). Small on purpose: text messages, JSON mode, token
/// usage; the SDK retries 429/5xx (honouring Retry-After) up to Llm:MaxRetries. Streaming is one update.
/// </summary>
internal sealed class OpenAIChatClientAdapter : IChatClient
{
    private readonly ChatClient _client;
    private readonly string _model;
    private readonly Uri _endpoint;

    public OpenAIChatClientAdapter(LlmOptions options)
    {
        _model = options.Model!;
        _endpoint = new Uri(options.Endpoint!);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = _endpoint,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.Timeout,
        };
        // Local servers take any key; the SDK needs one.
        _client = new ChatClient(_model, new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey), clientOptions);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var completionOptions = new ChatCompletionOptions
        {
            MaxOutputTokenCount = options?.MaxOutputTokens,
            Temperature = options?.Temperature,
        };
        if (options?.ResponseFormat is ChatResponseFormatJson)
            completionOptions.ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat();
        var result = await _client.CompleteChatAsync(messages.Select(ToOpenAI).ToList(), completionOptions, cancellationToken);
        var completion = result.Value;
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, text))
        {
            ModelId = completion.Model,
            Usage = completion.Usage is { } u ? new UsageDetails { InputTokenCount = u.InputTokenCount, OutputTokenCount = u.OutputTokenCount, TotalTokenCount = u.TotalTokenCount } : null,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai-compatible", _endpoint, _model) : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static OpenAI.Chat.ChatMessage ToOpenAI(AiChatMessage message) =>
        message.Role == ChatRole.System ? new SystemChatMessage(message.Text)
        : message.Role == ChatRole.Assistant ? new AssistantChatMessage(message.Text)
        : new UserChatMessage(message.Text);
}
