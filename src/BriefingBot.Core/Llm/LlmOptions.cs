using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Llm;

/// <summary>The optional LLM (configuration section <c>Llm</c>). Without an endpoint the offline engine writes everything.</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>False keeps the offline engine even with an endpoint set.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An OpenAI-compatible base URL (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp server), e.g. http://localhost:11434/v1.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>Secret: environment (Llm__ApiKey) or user-secrets only. Local servers often need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Longest wait for one reply; past it the story falls back to the extractive text. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Llm:Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(16, 16384, ErrorMessage = "Llm:MaxOutputTokens must be between 16 and 16384.")]
    public int MaxOutputTokens { get; set; } = 1200;

    /// <summary>Retries of a 429 or 5xx (honouring Retry-After) before falling back. Default 2.</summary>
    [Range(0, 10, ErrorMessage = "Llm:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// A story of several reports is written from per-report digests (prompts/report-digest.md), each made once per
    /// report and cached: a report's quotes go to the model once, and a story that gains a report costs one digest and
    /// a story call over the quotes the digests kept. Off by default: measured on a 100-report day (bench `llm`), the
    /// digests' calls cost about twice the prompt tokens of one capped call per story (which is cached too); they pay
    /// off where stories keep growing through the day and prompts are cheap per call.
    /// </summary>
    public bool ReportDigests { get; set; }

    /// <summary>The folder of the prompt files. Default: prompts/ beside the app, else in the working directory.</summary>
    public string? PromptsDirectory { get; set; }

    public bool IsConfigured => Enabled && !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
