using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Llm;

/// <summary>
/// Lets the LLM word an answer from the quotes retrieval found (never called when nothing relevant was found:
/// "not covered" needs no model). The question and the quotes are the material of a one-story verification, so
/// every statement is checked exactly as a briefing's are; on any failure the extractive answer stands.
/// </summary>
public sealed class LlmAnswerWriter(LlmStoryWriter writer)
{
    public async Task<Answer> WriteAsync(Answer answer, CancellationToken ct)
    {
        if (!answer.Covered || answer.Citations.Count == 0)
            return answer;
        var outlets = answer.Citations.Select(c => c.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var material = new Story(answer.Question, answer.Citations.Select(c => c.ReportId).Distinct().ToList(), outlets,
            answer.Citations.Select(c => new Claim(c.Quote, [c])).ToList(), []);
        var written = await writer.WriteAsync(material, "answer.md", "Question and quotes", ct);
        return written.FellBack ? answer : answer with { Written = written.Statements };
    }
}
