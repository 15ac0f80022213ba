using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Llm;

/// <summary>The optional LLM (configuration section <c>Llm</c>). Without an endpoint the offline engine writes everything.</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>The provider that <see cref="Provider"/> names for any OpenAI-compatible server.</summary>
    public const string OpenAI = "openai";

    /// <summary>The provider that <see cref="Provider"/> names for Azure OpenAI (a deployment on an Azure resource).</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>False keeps the offline engine even with an endpoint set.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// <c>openai</c> (default): any OpenAI-compatible server (OpenAI, vLLM, llama.cpp, LM Studio, Ollama's /v1), with
    /// <see cref="Endpoint"/> and <see cref="Model"/>. <c>azure-openai</c>: an Azure OpenAI resource, with <see cref="Endpoint"/>
    /// (https://NAME.openai.azure.com/) and <see cref="Deployment"/>.
    /// </summary>
    public string Provider { get; set; } = OpenAI;

    /// <summary>openai: the base URL, e.g. http://localhost:11434/v1. azure-openai: the resource URL, e.g. https://NAME.openai.azure.com/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>openai: the model the server serves. azure-openai: optional (the deployment decides the model).</summary>
    public string? Model { get; set; }

    /// <summary>azure-openai: the deployment name (the path segment of /openai/deployments/{deployment}/...).</summary>
    public string? Deployment { get; set; }

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

    /// <summary>
    /// /ask with an LLM: how many replies of the model may call the reports tools (search_reports, get_report) before it
    /// must answer from what it has; one more request then goes out without tools. 0 gives the model no tools (it words
    /// the retrieved quotes only). Default 3.
    /// </summary>
    [Range(0, 10, ErrorMessage = "Llm:AskToolRounds must be between 0 and 10.")]
    public int AskToolRounds { get; set; } = 3;

    /// <summary>
    /// /ask with an LLM: prompt + completion tokens (as the endpoint reports them) one question may spend on tool rounds;
    /// once spent, the next request goes out without tools so the model answers. Default 16000.
    /// </summary>
    [Range(1000, 1_000_000, ErrorMessage = "Llm:AskMaxTokens must be between 1000 and 1000000.")]
    public int AskMaxTokens { get; set; } = 16000;

    /// <summary>The folder of the prompt files. Default: prompts/ beside the app, else in the working directory.</summary>
    public string? PromptsDirectory { get; set; }

    public bool IsAzure => string.Equals(Provider, AzureOpenAI, StringComparison.OrdinalIgnoreCase);

    /// <summary>What answers: the Azure deployment, else the model (part of the reply cache's key).</summary>
    public string? ModelName => IsAzure ? Deployment : Model;

    public bool IsConfigured => Enabled && !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(ModelName);
}
