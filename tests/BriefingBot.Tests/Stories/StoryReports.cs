using BriefingBot.Core.Domain;
using BriefingBot.Core.Text;

namespace BriefingBot.Tests.Stories;

/// <summary>
/// Report texts written for the grouping specs, in the style of wire and local news: a plant explosion followed over
/// three days, two Supreme Court rulings of one day, and unrelated reports of the same days (one of them from the
/// same town as the explosion).
/// </summary>
public static class StoryReports
{
    public static readonly DateTimeOffset Monday = new(2024, 3, 4, 0, 0, 0, TimeSpan.Zero);

    public sealed record Item(string Outlet, DateTimeOffset Published, string Title, string Text)
    {
        public ReportDraft Draft() => new(Outlet, null, Title, Published, "en", Text, TextNormalizer.ContentHash(Text));

        public Report Report(long id) => new(id, Outlet, null, Title, Published, Published.AddMinutes(5), "en", Text, TextNormalizer.ContentHash(Text));
    }

    // The explosion: day 1, day 2, and a day-3 follow-up about the cause of day 1's blast.
    public static readonly Item BlastMonday = new("Harbor Daily", Monday.AddHours(7.7),
        "Explosion at Delmont chemical plant kills two, injures 14",
        "An explosion tore through the Verano Chemicals plant in Delmont early on Monday, killing two workers and injuring 14 others, fire officials said. " +
        "The blast, which happened shortly after 5 a.m. in the plant's solvent storage building, sent a column of black smoke over the river town and shattered windows several blocks away.\n" +
        "Delmont fire chief Rosa Igwe said crews had the fire under control by mid-morning. Residents within half a mile were told to stay indoors while the air was tested.\n" +
        "Verano Chemicals said in a statement that it was cooperating with investigators.");

    public static readonly Item BlastMondayRadio = new("Valley Public Radio", Monday.AddHours(13.25),
        "Two dead after blast at Verano Chemicals site in Delmont",
        "Two employees were killed and 14 hurt when a blast ripped through a solvent warehouse at the Verano Chemicals facility in Delmont on Monday morning. " +
        "Chief Rosa Igwe of the Delmont Fire Department said the cause of the explosion was not yet known.\n" +
        "A shelter-in-place order for nearby homes was lifted in the afternoon after air monitoring found no dangerous levels of chemicals. " +
        "The state's workplace safety agency has opened an inquiry.");

    public static readonly Item BlastTuesday = new("Harbor Daily", Monday.AddDays(1).AddHours(9.5),
        "Delmont plant blast: death toll rises to three as injured worker dies",
        "A third worker has died from injuries suffered in Monday's explosion at the Verano Chemicals plant in Delmont, the county coroner said on Tuesday. " +
        "The 52-year-old maintenance technician had been treated for severe burns at St. Luke's regional burn unit.\n" +
        "Eleven of the injured remain in hospital. State safety inspectors spent Tuesday at the site of the blast, which destroyed the solvent storage building.");

    public static readonly Item BlastTuesdayRadio = new("Valley Public Radio", Monday.AddDays(1).AddHours(17),
        "Families of Delmont explosion victims demand answers from Verano",
        "Relatives of the three workers killed in the explosion at Verano Chemicals in Delmont gathered outside the plant gates on Tuesday evening, demanding to know why the solvent building had still been operating. " +
        "Union representatives said workers had complained about leaking valves in the storage building for months.\n" +
        "Verano Chemicals said it would not comment while the state investigation of the blast continues.");

    public static readonly Item BlastWednesday = new("Continental Press", Monday.AddDays(2).AddHours(10.75),
        "Solvent leak likely caused deadly Delmont blast, investigators say",
        "State investigators said on Wednesday that solvent vapour leaking from a faulty valve was the likely cause of Monday's explosion at the Verano Chemicals plant in Delmont, which killed three workers. " +
        "The vapour built up inside the storage building and was ignited by an electric pump, according to a preliminary report from the state's workplace safety agency.\n" +
        "Delmont fire chief Rosa Igwe said the findings matched what her crews saw on Monday. Verano Chemicals said it had shut the remaining solvent lines at the plant.");

    public static IReadOnlyList<Item> Blast => [BlastMonday, BlastMondayRadio, BlastTuesday, BlastTuesdayRadio, BlastWednesday];

    // Other news of those days.
    public static readonly Item CouncilBudget = new("Harbor Daily", Monday.AddHours(11),
        "Delmont council passes budget with small tax rise",
        "The Delmont city council approved a $48 million budget on Monday night after a three-hour meeting, with money for road repairs and two new school buses. " +
        "Council member Alan Pruitt cast the only vote against, saying the property tax increase of 2 percent was too steep for retirees.\n" +
        "Mayor Dana Whitfield said the budget kept the town's reserves intact for the first time in four years.");

    public static readonly Item RatesHeld = new("Continental Press", Monday.AddDays(1).AddHours(12),
        "Central bank holds interest rates steady as inflation eases",
        "The central bank left its benchmark interest rate unchanged at 4.5 percent on Tuesday, saying inflation was easing but remained above its target. " +
        "Governor Lena Marsh told reporters that cuts were possible later in the year if prices kept cooling.\n" +
        "Markets had expected the decision, and bond yields were little changed after the announcement.");

    public static readonly Item CupFinal = new("Valley Public Radio", Monday.AddDays(2).AddHours(8),
        "Northfield Rovers reach cup final with late winner against Ashby",
        "Northfield Rovers beat Ashby United 2-1 on Tuesday night to reach the county cup final for the first time in 11 years. " +
        "Substitute Kofi Mensah scored the winner in the 88th minute after Ashby had come back from a goal down.\n" +
        "Rovers will play Castleton Town in the final at the end of the month.");

    // Two rulings of one day on the same court, reported by the same two outlets.
    public static readonly DateTimeOffset RulingDay = new(2024, 6, 27, 0, 0, 0, TimeSpan.Zero);

    public static readonly Item VotingRuling = new("Capitol Wire", RulingDay.AddHours(10.3),
        "Supreme Court upholds Arizona voting restrictions in 6-3 ruling",
        "The Supreme Court on Thursday upheld two Arizona voting rules, one that throws out ballots cast in the wrong precinct and another that bars third parties from collecting and delivering early ballots. " +
        "Writing for the majority, Justice Samuel Alito said the rules did not violate Section 2 of the Voting Rights Act.\n" +
        "In a dissent, Justice Elena Kagan wrote that the decision weakened a law meant to end racial discrimination in voting. Arizona's attorney general called the ruling a win for election integrity.");

    public static readonly Item VotingRulingLedger = new("National Ledger", RulingDay.AddHours(13.1),
        "Justices side with Arizona on ballot collection ban and out-of-precinct rule",
        "Arizona can keep its ban on ballot collection by third parties and its policy of discarding ballots cast in the wrong precinct, the Supreme Court ruled Thursday. " +
        "The court's conservative majority rejected claims that the two rules discriminated against Black, Latino and Native American voters under the Voting Rights Act.\n" +
        "Civil rights groups said the decision would make it harder to challenge voting restrictions in other states.");

    public static readonly Item DonorRuling = new("Capitol Wire", RulingDay.AddHours(11.7),
        "Supreme Court strikes down California rule on charity donor disclosure",
        "The Supreme Court on Thursday struck down a California requirement that charities report the names and addresses of their major donors to the state attorney general. " +
        "Chief Justice John Roberts wrote for the majority that the rule burdened donors' First Amendment right of association.\n" +
        "Two conservative nonprofit groups had challenged the requirement, arguing that donors could face harassment if their identities became known. " +
        "Justice Sonia Sotomayor warned in dissent that the decision could make disclosure laws harder to defend.");

    public static readonly Item DonorRulingLedger = new("National Ledger", RulingDay.AddHours(15.5),
        "Court sides with conservative nonprofits against California donor reporting",
        "California cannot force charities to hand over lists of their largest donors, the Supreme Court ruled Thursday, handing a victory to two conservative nonprofit groups. " +
        "The justices said the state's disclosure rule, meant to help investigators police charity fraud, swept too broadly and chilled the free association the First Amendment protects.\n" +
        "The state attorney general said California would keep working to protect donors from fraud.");

    public static readonly Item Wildfire = new("Continental Press", RulingDay.AddHours(9),
        "Wildfire forces evacuations near Redding as heat wave builds",
        "A fast-moving wildfire forced about 2,000 people to leave their homes near Redding on Thursday as temperatures passed 40 degrees Celsius. " +
        "Fire crews said the blaze had burned 12 square miles of brush and timber and was 5 percent contained.\n" +
        "Forecasters warned that dry winds would make the fire harder to fight over the weekend.");

    /// <summary>Reports with ids 1, 2, … in the order given.</summary>
    public static IReadOnlyList<Report> Reports(params Item[] items) => items.Select((item, i) => item.Report(i + 1)).ToList();
}
