using BriefingBot.Core;
using BriefingBot.Core.Scheduling;

namespace BriefingBot.Tests.Scheduling;

public sealed class ScheduleParserSpecs
{
    private static ScheduleRequest Parse(string text) => ScheduleParser.Parse(text, "Etc/UTC", 6);

    private static string Refusal(string text) => Assert.Throws<BriefingBotException>(() => Parse(text)).Message;

    [Fact]
    public void Several_times_and_an_IANA_zone_are_read_sorted_and_without_repeats()
    {
        var request = Parse("18:30 08:00 8am Europe/Istanbul");

        Assert.Equal([new TimeOnly(8, 0), new TimeOnly(18, 30)], request.Times);
        Assert.Equal("Europe/Istanbul", request.TimeZone);
        Assert.Null(request.Outlets);
        Assert.Null(request.ZoneNote);
    }

    [Fact]
    public void A_zone_in_the_wrong_case_is_stored_under_its_proper_name()
    {
        Assert.Equal("America/New_York", Parse("07:15 america/new_york").TimeZone);
    }

    [Fact]
    public void Without_a_zone_the_fallback_zone_is_used()
    {
        Assert.Equal("Europe/Berlin", ScheduleParser.Parse("09:00", "Europe/Berlin", 6).TimeZone);
    }

    [Fact]
    public void Twelve_hour_times_are_understood()
    {
        Assert.Equal([new TimeOnly(0, 5), new TimeOnly(12, 0), new TimeOnly(20, 30)], Parse("12:05am 12pm 8:30PM").Times);
    }

    [Fact]
    public void An_hour_past_23_is_refused_with_an_example()
    {
        var message = Refusal("25:00");

        Assert.Equal("\"25:00\" is not a time of day. Use 24-hour HH:MM (00:00 to 23:59) or 8am / 8:30pm, e.g. /schedule set 08:00 Europe/Istanbul", message);
    }

    [Fact]
    public void A_zone_that_does_not_exist_is_refused_naming_real_ones()
    {
        var message = Refusal("8am Mars/Olympus");

        Assert.Equal("Unknown time zone \"Mars/Olympus\". Use an IANA zone such as Europe/Istanbul, America/New_York or Asia/Tokyo, e.g. /schedule set 08:00 Europe/Istanbul", message);
    }

    [Fact]
    public void A_whole_hour_offset_becomes_a_fixed_Etc_zone_with_a_note_about_daylight_saving()
    {
        var plus = Parse("08:00 +03:00");
        var minus = Parse("08:00 UTC-5");

        Assert.Equal("Etc/GMT-3", plus.TimeZone);
        Assert.Contains("does not follow daylight saving time", plus.ZoneNote, StringComparison.Ordinal);
        Assert.Equal("Etc/GMT+5", minus.TimeZone);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(plus.TimeZone);
        Assert.Equal(TimeSpan.FromHours(3), zone.GetUtcOffset(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_half_hour_offset_is_refused_with_the_zone_to_use_instead()
    {
        Assert.Contains("Asia/Kolkata", Refusal("08:00 UTC+05:30"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_time_at_all_is_refused_with_an_example()
    {
        Assert.StartsWith("Give at least one time of day, e.g. /schedule set 08:00 Europe/Istanbul", Refusal("Europe/Berlin"), StringComparison.Ordinal);
    }

    [Fact]
    public void More_times_than_allowed_are_refused()
    {
        Assert.Equal("At most 6 briefings a day; you gave 7 times.", Refusal("01:00 02:00 03:00 04:00 05:00 06:00 07:00"));
    }

    [Fact]
    public void Two_zones_are_refused()
    {
        Assert.Contains("I read \"Europe/Berlin\" as the time zone", Refusal("08:00 Europe/Berlin Asia/Tokyo"), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_names_the_sources_to_include()
    {
        var request = Parse("08:00 Europe/Berlin only BBC News, Reuters ,bbc news");

        Assert.Equal(["BBC News", "Reuters"], request.Outlets);
        Assert.Equal("Europe/Berlin", request.TimeZone);
    }
}
