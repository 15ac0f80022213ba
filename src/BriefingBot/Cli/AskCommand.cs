using System.CommandLine;
using System.Text.Json;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Briefings.Writers;
using Microsoft.Extensions.DependencyInjection;

namespace BriefingBot.Cli;

/// <summary><c>ask "question" [--format text|json]</c></summary>
internal static class AskCommand
{
    public static Command Create(CliOutput output)
    {
        var question = new Argument<string>("question") { Description = "What you want to know, in plain words" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("ask", "Answer a question from the stored reports only, with citations") { question, format };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliApp.ServicesAsync(parse, ct);
            var answer = await services.GetRequiredService<QuestionAnswerer>().AskAsync(parse.GetValue(question) ?? "", ct);
            if (parse.GetValue(format) == "json")
                output.Out.WriteLine(ToJson(answer));
            else
                if (answer.Written is { Count: > 0 } written)
                {
                    // Worded by the LLM and verified: each statement with the credits of its checked citations.
                    foreach (var statement in written)
                        output.Out.WriteLine($"- {statement.Text} [{Core.Briefings.Writers.BriefingWriter.Credits(statement.Citations)}]");
                }
                else
                {
                    output.Out.WriteLine(answer.Text);
                }
            return 0;
        });
        return command;
    }

    internal static string ToJson(Answer answer)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonBriefingWriter.Options))
        {
            w.WriteStartObject();
            w.WriteString("question", answer.Question);
            w.WriteString("answer", answer.Text);
            w.WriteBoolean("covered", answer.Covered);
            JsonBriefingWriter.WriteSources(w, answer.Citations, "citations");
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
