using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Answers;

/// <summary>Settings of question answering (section <c>Answers</c>); the defaults were chosen by cross-validation (bench ask-quality).</summary>
public sealed class AnswersOptions
{
    public const string Section = "Answers";

    /// <summary>
    /// The share of a question's IDF weight the best report must contain for the question to count as covered. Lower
    /// answers more paraphrases and more questions about nothing stored; higher says "not covered" more often.
    /// </summary>
    [Range(0.05, 0.95)]
    public double CoveredThreshold { get; set; } = 0.38;

    /// <summary>The most quotes an answer cites.</summary>
    [Range(1, 10)]
    public int MaxCitations { get; set; } = 4;
}
