using BriefingBot.Core.Briefings;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Sources;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>
/// /report &lt;outlet&gt; — a moderator files a report: the text after the outlet name, the replied-to
/// message, or an uploaded .txt/.md document. It goes through the engine like any ingest, and the
/// outlet becomes a source of the chat.
/// </summary>
public sealed class ReportCommand(ReportIngestor ingestor, BriefingService briefings, ICommunityStore communities, IOptions<IngestOptions> options) : IChatCommand
{
    public string Name => "report";

    public string Usage => "/report <outlet> <text> (or reply to a message, or attach a .txt/.md file)";

    public string Description => "File a report from an outlet";

    public bool ModeratorOnly => true;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        var known = (await communities.ListSourcesAsync(context.CommunityId, ct)).Select(s => s.Outlet).ToList();
        var (outlet, text) = SplitOutlet(context.Arguments, known);
        if (outlet.Length == 0)
            return new ErrorReply("Usage: /report <outlet> followed by the report text, as a reply to a message with the text, or with a .txt/.md file attached.");
        var (cleanOutlet, problem) = SourceRegistrar.CheckName(outlet);
        if (cleanOutlet is null)
            return new ErrorReply(problem!);
        outlet = cleanOutlet;

        var raw = text;
        var source = "chat message";
        var markdown = false;
        if (context.Message.Attachment is { } file)
        {
            var ext = Path.GetExtension(file.FileName).ToLowerInvariant();
            if (ext is not (".txt" or ".md" or ".markdown"))
                return new ErrorReply($"Attach a .txt or .md file; {Clip(file.FileName)} is not one.");
            var max = options.Value.MaxFileBytes;
            if (file.Size > max)
                return new ErrorReply($"The file is {file.Size / 1024.0 / 1024.0:0.#} MB; the limit is {max / 1024.0 / 1024.0:0.#} MB.");
            var bytes = await file.DownloadAsync(ct);
            if (bytes.LongLength > max)
                return new ErrorReply($"The file is larger than the {max / 1024.0 / 1024.0:0.#} MB limit.");
            raw = ReportFileReader.Decode(bytes, Clip(file.FileName));
            source = file.FileName;
            markdown = ext != ".txt";
        }
        else if (raw.Length == 0 && context.Message.ReplyToText is { Length: > 0 } replied)
        {
            raw = replied;
            source = "replied-to message";
        }

        if (string.IsNullOrWhiteSpace(raw))
            return new ErrorReply("No report text: put it after the outlet name, reply to the message that has it, or attach a .txt/.md file.");
        if (raw.Length > options.Value.MaxFileBytes)
            return new ErrorReply("The report is longer than the size limit.");

        var parsed = ReportTextParser.Parse(raw, source, markdown) with { Outlet = outlet, CommunityId = context.CommunityId };
        var stored = await ingestor.IngestAsync(parsed, ct);
        await communities.AddSourceAsync(context.CommunityId, stored.Result.Outlet, null, context.Message.User.Id, ct);
        if (!stored.Result.Added)
            return new TextReply($"Nothing new: this report is {stored.Result.DuplicateReason}.");

        var briefing = await briefings.BuildAsync(null, null, ct, await BriefCommand.ActiveOutlets(communities, context.CommunityId, ct), context.CommunityId, keepStories: false);
        var story = briefing.Stories.FirstOrDefault(s => s.ReportIds.Contains(stored.Result.ReportId));
        var title = stored.Title is null ? "" : $": “{Clip(stored.Title)}”";
        var joined = story is null ? "" : story.ReportIds.Count > 1
            ? $" It joined the story “{story.Title}” ({story.Outlets.Count} outlets)."
            : " It starts a new story.";
        return new TextReply($"Stored report {stored.Result.ReportId} from {stored.Result.Outlet}{title}.{joined}");
    }

    /// <summary>
    /// The outlet: a source of the chat the text starts with (longest first, so "/report The Moscow Times …"
    /// works), else a quoted name ("/report \"Daily Planet\" …"), else a short first line of several (the natural way
    /// to paste a report: the outlet's name, then the text), else the first word.
    /// </summary>
    internal static (string Outlet, string Text) SplitOutlet(string arguments, IReadOnlyList<string> known)
    {
        var args = arguments.TrimStart();
        foreach (var name in known.OrderByDescending(n => n.Length))
        {
            if (args.StartsWith(name, StringComparison.OrdinalIgnoreCase) && (args.Length == name.Length || char.IsWhiteSpace(args[name.Length])))
                return (name, args[name.Length..].Trim());
        }

        if (args.StartsWith('"'))
        {
            var close = args.IndexOf('"', 1);
            if (close < 0)
                throw new BriefingBotException("The outlet's name opens a quote that never closes: /report \"Daily Planet\" text…");
            return (args[1..close].Trim(), args[(close + 1)..].Trim());
        }

        var newline = args.IndexOf('\n', StringComparison.Ordinal);
        if (newline > 0 && args[(newline + 1)..].Trim().Length > 0 && LooksLikeName(args[..newline].Trim()))
            return (args[..newline].Trim(), args[(newline + 1)..].Trim());

        var end = args.IndexOfAny([' ', '\n', '\t']);
        return end < 0 ? (args, "") : (args[..end], args[(end + 1)..].Trim());
    }

    /// <summary>
    /// A line that reads as an outlet's name rather than a headline or a sentence: at most five words, each capitalised
    /// or a short joining word, at most four of them capitalised ("The Moscow Times", "Agence France-Presse", "The Times
    /// of Israel", "Syrian Observatory for Human Rights"), not ending as a sentence does. "Reuters Ferry capsizes off
    /// Lesbos" is not one, nor the Title Case "Reuters Ferry Capsizes Off Lesbos" (the outlet is then its first word).
    /// A four-word Title Case headline alone on the first line still reads as a name; the reply names the outlet it used.
    /// </summary>
    private static bool LooksLikeName(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return line.Length <= 50 && words.Length is > 0 and <= 5
            && !line.EndsWith('.') && !line.EndsWith('!') && !line.EndsWith('?') && !line.EndsWith(':') && !line.EndsWith(',')
            && char.IsUpper(words[0][0]) | char.IsDigit(words[0][0])
            && words.All(w => !char.IsLower(w[0]) || (w.Length <= 3 && w.All(char.IsLower)))
            && words.Count(w => !char.IsLower(w[0])) <= 4;
    }

    private static string Clip(string s) => s.Length > 80 ? CommandRouter.Clip(s, 80) + "…" : s;
}
