using System.Net.Http.Json;
using System.Text.Json;
using BriefingBot.Core;
using BriefingBot.Core.Llm;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Llm;

/// <summary>
/// At start: loads the prompt files as Semantic Kernel prompt functions (a missing or broken one stops the host naming
/// it) and, for an OpenAI-compatible endpoint, asks which models it serves; a list without Llm:Model stops the host
/// naming the setting. Azure OpenAI lists base models, not deployments, so a deployment is not checked. An endpoint that cannot be
/// reached or cannot list its models only logs a warning: briefings fall back until it answers.
/// </summary>
// Taking PromptLibrary loads the prompt files when the host builds its hosted services, i.e. at start.
internal sealed class LlmStartupCheck(PromptLibrary prompts, IHttpClientFactory http, IOptions<LlmOptions> options, ILogger<LlmStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = prompts;
        var o = options.Value;
        if (o.IsAzure)
        {
            logger.LogInformation("LLM summaries on: Azure OpenAI deployment {Deployment} at {Endpoint}", o.Deployment, o.Endpoint);
            return;
        }

        var models = await ListModelsAsync(o, cancellationToken);
        // Ollama lists "llama3.1:latest" for the model it also serves as "llama3.1".
        if (models is { Count: > 0 } && !models.Any(m => m.Equals(o.Model, StringComparison.OrdinalIgnoreCase) || m.Equals(o.Model + ":latest", StringComparison.OrdinalIgnoreCase)))
        {
            throw new BriefingBotException($"the LLM endpoint {o.Endpoint} does not serve the model '{o.Model}' (Llm:Model); it serves: {string.Join(", ", models.Take(10))}");
        }

        logger.LogInformation("LLM summaries on: model {Model} at {Endpoint}", o.Model, o.Endpoint);
    }

    private async Task<IReadOnlyList<string>?> ListModelsAsync(LlmOptions o, CancellationToken ct)
    {
        try
        {
            using var client = http.CreateClient("llm-check");
            client.Timeout = TimeSpan.FromSeconds(10);
            using var request = new HttpRequestMessage(HttpMethod.Get, o.Endpoint!.TrimEnd('/') + "/models");
            if (!string.IsNullOrWhiteSpace(o.ApiKey))
                request.Headers.Authorization = new("Bearer", o.ApiKey);
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The LLM endpoint {Endpoint} did not list its models ({Status}); Llm:Model is not checked", o.Endpoint, (int)response.StatusCode);
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
                ? data.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                    .Select(m => m.GetProperty("id").GetString()!).ToList()
                : null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("The LLM endpoint {Endpoint} cannot be reached now ({Reason}); stories fall back to the extractive text until it can", o.Endpoint, e.Message);
            return null;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
