using BriefingBot.Core.Scheduling;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Core.Chat.Commands;

/// <summary>
/// /schedule set|show|off|test — moderators set this chat's daily briefing: times of day in an IANA time zone,
/// optionally only some of the chat's sources.
/// </summary>
public sealed class ScheduleCommand(
    ISubscriptionStore subscriptions,
    ICommunityStore communities,
    IBriefingScheduler scheduler,
    IScheduleCalendar calendar,
    ScheduledBriefingService briefings,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<ScheduleCommand> logger) : IChatCommand
{
    public string Name => "schedule";

    public string Usage => "/schedule set <HH:MM>… [zone] [only <source>, …] | show | off | test";

    public string Description => "Set this chat's daily briefing (times, time zone, sources)";

    public bool ModeratorOnly => true;

    public async Task<ChatReply> ExecuteAsync(CommandContext context, CancellationToken ct)
    {
        if (!options.Value.Enabled)
            return new ErrorReply("Scheduled briefings are turned off on this bot (Scheduling:Enabled). /brief still works.");
        var words = context.Arguments.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var action = words.Length == 0 ? "show" : words[0].ToLowerInvariant();
        var rest = words.Length > 1 ? words[1] : "";
        var message = context.Message;
        var current = await subscriptions.FindSubscriptionAsync(message.Platform, message.ChatId, ct);
        return action switch
        {
            "set" => await SetAsync(context, current, rest, ct),
            "show" => Show(current),
            "off" => await OffAsync(current, ct),
            "test" => current is null ? new ErrorReply(NoSchedule) : await briefings.PreviewAsync(current, ct),
            _ => new ErrorReply($"Unknown action '{CommandRouter.Clip(action, 20)}'. Use /schedule set 08:00 Europe/Istanbul, /schedule show, /schedule off or /schedule test."),
        };
    }

    private const string NoSchedule = "This chat has no daily briefing. Set one with /schedule set 08:00 Europe/Istanbul.";

    private async Task<ChatReply> SetAsync(CommandContext context, Subscription? current, string arguments, CancellationToken ct)
    {
        var request = ScheduleParser.Parse(arguments, current?.TimeZone ?? options.Value.DefaultTimeZone, options.Value.MaxTimesPerDay);
        if (request.Outlets is { } wanted)
        {
            var known = (await communities.ListSourcesAsync(context.CommunityId, ct)).Select(s => s.Outlet).ToList();
            var unknown = wanted.Where(w => !known.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
                return new ErrorReply($"Not a source of this chat: {string.Join(", ", unknown)}. See /sources.");
            request = request with { Outlets = wanted.Select(w => known.First(k => k.Equals(w, StringComparison.OrdinalIgnoreCase))).ToList() };
        }

        var message = context.Message;
        var sub = await subscriptions.SaveSubscriptionAsync(message.Platform, message.ChatId, context.CommunityId, !message.IsPrivateChat, request, message.User.Id, ct);
        try
        {
            await scheduler.ScheduleAsync(sub, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The schedule and its triggers change together or not at all: put the old one back (or none), paused as it
            // was, with its triggers (the failed attempt may have removed them; if they cannot be made either, the next
            // start-up's reconcile makes them).
            if (current is null)
            {
                await subscriptions.DeleteSubscriptionAsync(sub.Id, CancellationToken.None);
                throw;
            }

            var restored = await subscriptions.SaveSubscriptionAsync(current.Platform, current.ChatId, current.CommunityId, current.IsGroup,
                new ScheduleRequest(current.Times, current.TimeZone, current.Outlets, null), current.CreatedBy, CancellationToken.None);
            if (current.PausedReason is { } reason)
                await subscriptions.PauseSubscriptionAsync(restored.Id, reason, CancellationToken.None);
            try
            {
                await scheduler.ScheduleAsync(await subscriptions.GetSubscriptionAsync(restored.Id, CancellationToken.None) ?? restored, CancellationToken.None);
            }
            catch (Exception again)
            {
                logger.LogWarning("The old schedule of {Chat} was put back but its triggers could not be made ({Reason}); the next start-up makes them", restored.ChatId, again.Message);
            }

            throw;
        }

        var lines = new List<string>
        {
            $"Daily briefing set for this chat: {sub.Describe()}, {(sub.Outlets is null ? "all of its sources" : "only " + string.Join(", ", sub.Outlets))}.",
            NextLine(sub),
        };
        if (request.ZoneNote is not null)
            lines.Add(request.ZoneNote);
        return new TextReply(string.Join("\n\n", lines));
    }

    private ChatReply Show(Subscription? sub)
    {
        if (sub is null)
            return new TextReply(NoSchedule);
        var lines = new List<string>
        {
            $"Daily briefing in this chat: {sub.Describe()}, {(sub.Outlets is null ? "all of its sources" : "only " + string.Join(", ", sub.Outlets))}.",
        };
        if (sub.IsPaused)
            lines.Add($"Paused: {sub.PausedReason}. Send /schedule set again to resume.");
        else
            lines.Add(NextLine(sub));
        if (sub.LastUntil is { } last)
            lines.Add($"Last briefing covered reports up to {ScheduledBriefingService.Local(sub, last)}.");
        return new TextReply(string.Join("\n\n", lines));
    }

    private string NextLine(Subscription sub) =>
        calendar.Next(sub, time.GetUtcNow()) is { } next ? $"Next: {ScheduledBriefingService.Local(sub, next)}." : "No upcoming time.";

    private async Task<ChatReply> OffAsync(Subscription? current, CancellationToken ct)
    {
        if (current is null)
            return new TextReply("This chat had no daily briefing; nothing changed.");
        await scheduler.UnscheduleAsync(current.Id, ct);
        await subscriptions.DeleteSubscriptionAsync(current.Id, ct);
        return new TextReply("Daily briefings in this chat are off. /brief still works any time.");
    }
}
