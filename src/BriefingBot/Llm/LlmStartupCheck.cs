using BriefingBot.Core.Llm;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Llm;

/// <summary>Loads the prompt files when the host starts, so a missing or broken one stops it at once with a message naming the file.</summary>
internal sealed class LlmStartupCheck(IServiceProvider services, IOptions<LlmOptions> options, ILogger<LlmStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = (PromptLibrary)services.GetService(typeof(PromptLibrary))!;
        logger.LogInformation("LLM summaries on: model {Model} at {Endpoint}", options.Value.Model, options.Value.Endpoint);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
