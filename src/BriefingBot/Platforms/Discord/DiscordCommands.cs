using BriefingBot.Core.Chat;

namespace BriefingBot.Platforms.Discord;

/// <summary>
/// The router's commands as Discord application commands
/// (https://discord.com/developers/docs/interactions/application-commands), and Discord options turned
/// back into the command text the router understands.
/// </summary>
internal static class DiscordCommands
{
    private const int SubCommand = 1;
    private const int StringOption = 3;
    private const int AttachmentOption = 11;

    public static IReadOnlyList<DiscordCommand> Definitions() =>
    [
        new("brief", "Briefing of the last 24 hours from this server's sources", [new(StringOption, "stories", "all for every story, or how many (default: the top ones)", MaxLength: 10)]),
        new("ask", "Answer from this server's sources, with citations", [new(StringOption, "question", "What you want to know", Required: true, MaxLength: 500)]),
        new("sources", "The sources this server follows"),
        new("source", "Manage this server's sources (moderators)",
        [
            new(SubCommand, "add", "Follow an outlet", Options: [new(StringOption, "name", "Outlet name", Required: true, MaxLength: 100), new(StringOption, "url", "Feed or site URL", MaxLength: 2000)]),
            new(SubCommand, "remove", "Stop following an outlet", Options: [new(StringOption, "name", "Outlet name", Required: true, Autocomplete: true, MaxLength: 100)]),
            new(SubCommand, "pause", "Leave an outlet out for now", Options: [new(StringOption, "name", "Outlet name", Required: true, Autocomplete: true, MaxLength: 100)]),
            new(SubCommand, "resume", "Bring a paused outlet back", Options: [new(StringOption, "name", "Outlet name", Required: true, Autocomplete: true, MaxLength: 100)]),
        ]),
        new("report", "File a report from an outlet (moderators)",
        [
            new(StringOption, "outlet", "Outlet name", Required: true, Autocomplete: true, MaxLength: 100),
            new(StringOption, "text", "The report text", MaxLength: 6000),
            new(AttachmentOption, "file", "A .txt or .md file with the report"),
        ]),
        new("schedule", "This channel's daily briefing (moderators)",
        [
            new(SubCommand, "set", "Post the briefing here every day at these times", Options:
            [
                new(StringOption, "times", "One or more times of day, 24-hour: 08:00 18:30", Required: true, MaxLength: 100),
                new(StringOption, "zone", "IANA time zone, e.g. Europe/Istanbul (default: the current one, else UTC)", MaxLength: 64),
                new(StringOption, "only", "Only these sources, comma-separated (default: all)", MaxLength: 1000),
            ]),
            new(SubCommand, "show", "The schedule of this channel"),
            new(SubCommand, "off", "Stop the daily briefing in this channel"),
            new(SubCommand, "test", "Post the next briefing now, as a test"),
        ]),
        new("help", "List the commands"),
    ];

    /// <summary>Options of an interaction as router text: "/source add City Herald https://…".</summary>
    public static string ToCommandText(string name, IReadOnlyList<(string Name, string Value)> options, string? subcommand)
    {
        var parts = new List<string> { "/" + name };
        if (subcommand is not null)
            parts.Add(subcommand);
        if (name == "report")
        {
            var outlet = options.FirstOrDefault(o => o.Name == "outlet").Value ?? "";
            parts.Add("\"" + outlet.Replace("\"", "", StringComparison.Ordinal) + "\"");
            parts.Add(options.FirstOrDefault(o => o.Name == "text").Value ?? "");
        }
        else
        {
            // In the order the command defines them ("name" before "url"), whatever order Discord sends.
            var definition = Definitions().FirstOrDefault(d => d.Name == name);
            var defined = (subcommand is null ? definition?.Options : definition?.Options?.FirstOrDefault(o => o.Name == subcommand)?.Options) ?? [];
            // "/schedule set 08:00 Europe/Berlin only BBC, Reuters": the sources option reads as the router's "only" clause.
            parts.AddRange(options.OrderBy(o => IndexOf(defined, o.Name)).Select(o => o.Name == "only" && o.Value.Trim().Length > 0 ? "only " + o.Value : o.Value));
        }

        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    private static int IndexOf(IReadOnlyList<DiscordCommandOption> defined, string name)
    {
        for (var i = 0; i < defined.Count; i++)
        {
            if (defined[i].Name == name)
                return i;
        }

        return int.MaxValue;
    }

    public static bool IsModeratorOnly(CommandRouter router, string name) =>
        router.Commands.FirstOrDefault(c => c.Name == name)?.ModeratorOnly ?? false;
}
