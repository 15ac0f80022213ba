using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using BriefingBot.Core.Llm;
using Microsoft.Extensions.AI;
using OpenAI;

namespace BriefingBot.Llm;

/// <summary>
/// The provider's chat client as <see cref="IChatClient"/> (Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c>),
/// which keeps the endpoint's token usage in every response. Retries (429 and 5xx, honouring Retry-After, up to
/// Llm:MaxRetries) and the network timeout are the SDK pipeline's, set here in the client options; SK's endpoint-only
/// overloads would build their own pipeline without them. The Kernel is built over this client (<see cref="LlmKernel"/>).
/// </summary>
internal static class LlmChatClientFactory
{
    public static IChatClient Create(LlmOptions options)
    {
        // Local servers take any key; the SDKs need one.
        var key = new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey);
        var endpoint = new Uri(options.Endpoint!);
        if (options.IsAzure)
        {
            // Azure OpenAI (the client Semantic Kernel's Azure connector builds on): /openai/deployments/{deployment}/chat/completions
            // with the api-key header and the library's api-version.
            var azure = new AzureOpenAIClient(endpoint, key, new AzureOpenAIClientOptions
            {
                RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
                NetworkTimeout = options.Timeout,
            });
            return azure.GetChatClient(options.Deployment!).AsIChatClient();
        }

        var openAI = new OpenAIClient(key, new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.Timeout,
        });
        return openAI.GetChatClient(options.Model!).AsIChatClient();
    }
}
