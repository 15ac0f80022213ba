using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Embeddings;

/// <summary>
/// Semantic retrieval (section <c>Embeddings</c>): which <c>Microsoft.Extensions.AI.IEmbeddingGenerator</c> would embed
/// reports and questions. Only <c>none</c> is served: retrieval is BM25F (Answers.ReportSearch), keyless and fast, and on
/// the measured figures embeddings did not earn their keep (docs/configuration.md, "Embeddings"): a setting that names
/// another provider stops the host at start rather than being silently ignored.
/// </summary>
public sealed class EmbeddingsOptions : IValidatableObject
{
    public const string Section = "Embeddings";

    /// <summary>The providers a configuration may name; only <c>none</c> is available in this build.</summary>
    public static readonly IReadOnlyList<string> Providers = ["none", "local", "openai"];

    /// <summary><c>none</c> (the default): lexical retrieval only.</summary>
    public string Provider { get; set; } = "none";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Providers.Contains(Provider, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                $"Embeddings:Provider must be one of {string.Join(", ", Providers)}; '{Provider}' is none of them.", [nameof(Provider)]);
        }
        else if (!string.Equals(Provider, "none", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                $"Embeddings:Provider '{Provider}' is not available in this build: answers use BM25F retrieval, and semantic retrieval " +
                "did not earn its keep on the measured figures (see docs/configuration.md, Embeddings). Set Embeddings:Provider to none or remove it.",
                [nameof(Provider)]);
        }
    }
}
