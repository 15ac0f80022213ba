using BriefingBot.Core.Analysis;
using BriefingBot.Core.Analysis.Attribution;

namespace BriefingBot.Tests.Analysis;

/// <summary>
/// Who said it, on sentences of the seed reports (samples/reports) and of the AllSides dev stories (single sentences,
/// quoted for evaluation), each case as the report gives it: earlier sentences first, the attributed one last.
/// </summary>
public sealed class AttributionExtractorSpecs
{
    /// <summary>The credit of the last sentence, each sentence its own paragraph.</summary>
    private static string? Attribute(params string[] sentences) => Credit(sentences)?.Text;

    private static Credit? Credit(params string[] sentences) =>
        AttributionExtractor.Attribute(sentences.Select((s, i) => (s, i)).ToList())[^1];

    /// <summary>The credits of sentences that share one paragraph.</summary>
    private static IReadOnlyList<Credit?> OneParagraph(params string[] sentences) =>
        AttributionExtractor.Attribute(sentences.Select(s => (s, 0)).ToList());

    [Theory]
    [InlineData("SOHR said the patrol was held up because the Turkish army was allegedly detonating landmines.", "SOHR")]
    [InlineData("Russia’s reconciliation center confirmed the explosion and the injuries, saying later Tuesday that terrorists damaged one Russian and one Turkish armored vehicle.", "Russia’s reconciliation center")]
    [InlineData("MOSCOW – Turkish troops were with terrorists when they were targeted by a Syrian airstrike on Thursday, Russia’s Defense Ministry said.", "Russia’s Defense Ministry")]
    [InlineData("Hamas and Egypt said the cease-fire would begin at 2 a.m. Friday, local time, which was 7 p.m. Thursday ET.", "Hamas and Egypt")]
    [InlineData("Israel says that Palestinian Authority President Mahmoud Abbas doesn’t speak on behalf of all of the Palestinians.", "Israel")]
    public void X_said_credits_the_subject_of_the_reporting_verb(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Theory]
    [InlineData("“The Senate Democrats are keeping our foot on the gas pedal,” said Mr. Schumer.", "Mr. Schumer")]
    [InlineData("“My hope is that Sen. Schumer will agree to postpone the vote. We’re making significant progress,” said Sen. Susan Collins (R-Maine).", "Sen. Susan Collins")]
    [InlineData("Deputy Commissioner David Black agreed to resign, said the official, who spoke on condition of anonymity to discuss personnel matters.", "the official")]
    public void Said_X_credits_the_speaker_after_the_verb_with_its_title(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Theory]
    [InlineData("Several Russian soldiers were wounded Tuesday in a car bombing in northeastern Syria, according to Bild’s foreign policy editor Julian Röpcke.", "Bild’s foreign policy editor Julian Röpcke")]
    [InlineData("According to two sources familiar with the negotiations, the agreement is focused on \"core, physical infrastructure.\"", "two sources familiar with the negotiations")]
    [InlineData("More than 180 people were killed in shootings across the country over the Fourth of July holiday weekend, according to data compiled by the Gun Violence Archive and reviewed by NPR.", "the Gun Violence Archive")]
    [InlineData("Melanie Stansbury has defeated Republican opponent Mark Moores, according to a race call from The Associated Press.", "The Associated Press")]
    public void According_to_X_credits_X(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Theory]
    [InlineData("Miami-Dade County Mayor Daniella Levine Cava told the Associated Press that the demolition went “exactly as planned” around 10:30 p.m. Sunday.", "Miami-Dade County Mayor Daniella Levine Cava")]
    [InlineData("“Three Russian soldiers were slightly injured,” reporter Maan Alkhoder tweeted.", "reporter Maan Alkhoder")]
    [InlineData("“This case is not about extraordinary weapons lying at the outer limits of Second Amendment protection,” Judge Roger T. Benitez wrote.", "Judge Roger T. Benitez")]
    [InlineData("Florida Gov. Ron DeSantis announced on Friday that he is intends to sign an executive order that will prevent Florida schools from requiring students to mask.", "Florida Gov. Ron DeSantis")]
    public void X_told_tweeted_wrote_or_announced_credits_X_and_never_whom_X_told(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Theory]
    [InlineData("Mr. Biden, who wants a report within 90 days, said that U.S. intelligence has focused on two scenarios.", "Mr. Biden")]
    [InlineData("Senate Minority Leader Mitch McConnell, R-Ky., said Republicans won't stand for Democrats' attempt to impose new voting standards on states.", "Senate Minority Leader Mitch McConnell")]
    [InlineData("Senate Majority Leader Charles Schumer (D-N.Y.) on Thursday said the Senate will vote to open debate on the bipartisan infrastructure deal Wednesday.", "Senate Majority Leader Charles Schumer")]
    [InlineData("On Monday Carlson, a long-time critic of President Joe Biden, said a government whistle-blower had told him the NSA was monitoring him.", "Carlson")]
    public void X_who_said_skips_the_appositive_and_keeps_the_title(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Fact]
    public void Two_speakers_each_with_an_appositive_are_both_credited_and_they_is_them()
    {
        Assert.Equal("Sen. Joe Manchin and Sen. Lisa Murkowski",
            Attribute("WASHINGTON — Sen. Joe Manchin, D-W.Va., and Sen. Lisa Murkowski, R-Alaska, wrote a letter Monday calling on Congress to reauthorize the Voting Rights Act."));
        Assert.Equal("Sen. Joe Manchin and Sen. Lisa Murkowski",
            Attribute(
                "WASHINGTON — Sen. Joe Manchin, D-W.Va., and Sen. Lisa Murkowski, R-Alaska, wrote a letter Monday calling on Congress to reauthorize the Voting Rights Act.",
                "\"Protecting Americans’ access to democracy has not been a partisan issue for the past 56 years, and we must not allow it to become one now,\" they wrote to the top four congressional leaders."));
        Assert.Equal("Jesse Bloom and David Relman",
            Attribute("The organizers of the letter, Jesse Bloom, who studies the evolution of viruses at the Fred Hutchinson Cancer Research Center in Seattle, and David Relman, a microbiologist at Stanford University, said they strove to include a range of views."));
        // A list of one person's titles ends in ", and" too: not two people; the last phrase speaks for its clause only.
        var jenner = Credit("Former Olympian, reality TV star, and conservative firebrand Caitlyn Jenner has announced she is running for governor.");
        Assert.Equal(("conservative firebrand Caitlyn Jenner", true), (jenner?.Text, jenner?.InPart));
    }

    [Fact]
    public void It_said_after_a_sentence_about_an_institution_is_that_institution()
    {
        Assert.Equal("The United States",
            Attribute("The United States will spend $3.5 billion to buy and donate 500 million doses of the Pfizer (PFE.N) coronavirus vaccine to some of the world’s poorest countries, it said on Thursday, urging other G7 nations to follow suit."));
        // A subject that is not an institution, or only its possessor, says nothing about who "it" is.
        Assert.Null(Attribute("Hospitals in the state are running out of beds, it said."));
        Assert.Null(Attribute("Microsoft's cloud revenue rose 20% last quarter, it said."));
        // A speaker named before comes first: the sentence's subject is what was reported, not who reported it.
        Assert.Equal("Police", Attribute("Police said 40 people were arrested.", "Protesters blocked the highway for several hours, they said."));
        // A name of several words after "the" is an institution's ("The Federal Reserve" had been a person); one word may be a
        // person's nickname ("The Rock"), so "he" still finds it.
        Assert.Equal(("The Federal Reserve", CreditKind.Organisation), (Credit("The Federal Reserve raised its benchmark rate by a quarter point, it said.")?.Text,
            Credit("The Federal Reserve raised its benchmark rate by a quarter point, it said.")?.Kind));
        Assert.Equal("The Rock", Attribute("Kevin Hart joked about the script on Monday.", "The Rock told reporters the sequel was ready.", "He said filming would begin in March."));
    }

    [Fact]
    public void The_ministry_in_a_report_that_names_no_institution_is_credited_as_the_outlet_gives_it()
    {
        Assert.Equal("The ministry", Attribute("The ministry said 30 people were killed, a figure the rebels disputed."));
        Assert.Equal("The hospital", Attribute("The hospital treated 40 people for smoke inhalation, it said."));
        // Once the report has named one, "the ministry" must be that one or nobody.
        Assert.Null(Attribute("Israel's Foreign Ministry and Egypt's Interior Ministry met on Monday.", "The ministry said 30 people were killed."));
    }

    [Fact]
    public void It_said_after_a_sentence_about_an_institution_when_another_party_spoke_before_credits_nobody()
    {
        // "it" may be Smith's company or the company itself: the earlier speaker had been credited with the company's words.
        Assert.Null(Attribute("Smith said he was leaving the company.", "The company will cut 200 jobs, it said."));
        Assert.Null(Attribute("The Syrian Health Ministry said the strike killed 30 people.", "The Red Cross treated 40 people for smoke inhalation, it said."));
        // The same party both times is sure.
        Assert.Equal("Apple", Attribute("Apple said sales rose.", "The company will hire 2,000 engineers, it said."));
    }

    [Fact]
    public void A_speaker_closing_the_sentence_is_whom_the_outlet_heard_it_from_citing_the_first()
    {
        Assert.Equal("the White House, citing Brazil’s JBS SA",
            Attribute("Brazil’s JBS SA (JBSS3.SA) told the U.S. government that a ransomware attack on the company originated from a criminal organization likely based in Russia, the White House said on Tuesday."));
        Assert.Equal("the Spanish newspaper El Pais, citing Authorities",
            Attribute("Authorities said a preliminary investigation determined there were no signs of foul play, the Spanish newspaper El Pais reported."));
        // The same speaker twice, or a pronoun at the end, is no chain.
        Assert.Equal("Mr. Biden", Attribute("Mr. Biden said the talks were productive, he said on Friday."));
    }

    [Theory]
    [InlineData("The Republicans voting said the bill would pass.")]
    [InlineData("Some senators leaving said the talks had failed.")]
    public void A_word_ending_in_ing_right_before_the_verb_is_read_without_failing(string sentence)
    {
        // These threw a NullReferenceException (a participle check read past the phrase), and with it the whole report's
        // analysis and its briefing failed.
        Assert.Null(Attribute(sentence));
        var briefing = new Core.Stories.BriefingEngine().Build([Support.Samples.Report(1, "Wire", sentence + " The vote is set for Tuesday in the Senate chamber.")]);
        Assert.Single(briefing.Stories);
    }

    [Theory]
    [InlineData("France, Germany and Italy said they would send aid.", "France, Germany and Italy")]
    [InlineData("Biden, Harris, and Schumer said the bill would pass.", "Biden, Harris and Schumer")]
    [InlineData("Sen. Chuck Schumer, D-N.Y., and House Speaker Mike Johnson said in a joint statement that the deal was done.", "Sen. Chuck Schumer and House Speaker Mike Johnson")]
    [InlineData("In Paris, Germany and Italy said they would send aid.", "Germany and Italy")]
    public void A_list_of_names_opening_the_sentence_credits_every_one_of_them(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Fact]
    public void Sources_familiar_with_a_meeting_are_a_credit()
    {
        Assert.Equal("two sources familiar with the meeting",
            Attribute("The Senate majority leader wanted to explain his thinking in greater detail to the Democrats who’ve labored to cut a nearly $600 billion deal with Republicans, according to two sources familiar with the meeting."));
    }

    [Fact]
    public void A_role_with_its_name_in_an_appositive_credits_both()
    {
        Assert.Equal("her deputy chief of staff, Drew Hammill",
            Attribute("U.S. House of Representatives Speaker Nancy Pelosi will decide this week whether to create a special committee to investigate the Jan. 6 attack on the Capitol, her deputy chief of staff, Drew Hammill, said on Twitter on Tuesday."));
    }

    [Theory]
    [InlineData("The Labor Department said Tuesday that the consumer price index rose 0.9% in June, faster than the 0.6% increase in May.", "The Labor Department")]
    [InlineData("New claims for unemployment benefits soared by 51,000 to 419,000 for the week ended July 17, the Department of Labor said Thursday.", "the Department of Labor")]
    [InlineData("The death toll in Germany climbed to at least 143 on Saturday, while the toll across the border in Belgium stood at 24, the authorities there said.", "the authorities")]
    [InlineData("The Thursday evening press release said inoculated Americans were “protected from severe disease and death.”", "The Thursday evening press release")]
    public void A_credit_is_never_a_day_or_a_time(string sentence, string credit)
    {
        Assert.Equal(credit, Attribute(sentence));
    }

    [Fact]
    public void A_quotation_over_several_sentences_is_credited_to_the_speaker_named_before_it()
    {
        var credits = OneParagraph(
            "\"There's about 12 people who are producing 65 percent of vaccine misinformation on social media platforms,\" said Psaki.",
            "\"All of them remain active on Facebook, despite some even being banned on other platforms, including ones that Facebook owns.\"");

        Assert.Equal("Psaki", credits[0]?.Text);
        Assert.Equal("Psaki", credits[1]?.Text);
        Assert.Equal(CreditBasis.Quotation, credits[1]?.Basis);
    }

    [Fact]
    public void A_quotation_that_runs_into_the_next_paragraph_is_credited_to_the_speaker_named_at_its_end()
    {
        var credits = AttributionExtractor.Attribute(
        [
            ("“We will rebuild every home on this street.", 0),
            ("“Nobody will be left behind,” Surfside Mayor Charles Burkett said.", 1),
        ]);

        Assert.Equal("Surfside Mayor Charles Burkett", credits[0]?.Text);
        Assert.Equal("Surfside Mayor Charles Burkett", credits[1]?.Text);
    }

    [Fact]
    public void A_quotation_in_a_new_paragraph_after_a_closed_one_is_not_guessed()
    {
        var credits = AttributionExtractor.Attribute(
        [
            ("“We have a deal,” Biden said outside the White House shortly after the deal broke.", 0),
            ("“This is a good day for America.”", 1),
        ]);

        Assert.Null(credits[1]);
    }

    [Fact]
    public void Pronouns_resolve_to_the_party_named_earlier_of_the_right_kind()
    {
        Assert.Equal("Russia’s reconciliation center",
            Attribute("Russia’s reconciliation center confirmed the explosion and the injuries.", "It said it was working to establish the group responsible for the blast."));
        Assert.Equal("Greene",
            Attribute(
                "After a visit to the U.S. Holocaust Memorial Museum in Washington, D.C., Greene said she had “made a mistake” and that there is “nothing comparable” to the Holocaust.",
                "“I have made a mistake, and it’s really bothered me for a couple of weeks now, and so I definitely want to own it,” she said."));
        Assert.Equal("the FDA",
            Attribute("While the FDA said it had not established the vaccine could cause the syndrome, it noted an increase in reports of the sometimes paralyzing condition."));
    }

    [Fact]
    public void The_center_or_the_agency_resolves_to_the_organisation_named_earlier_with_that_word()
    {
        Assert.Equal("Russian Reconciliation Center for Syria",
            Attribute(
                "Russian Reconciliation Center for Syria announced Tuesday also said that three Russian servicemen sustained light injuries in an explosion in Syria’s Idlib during a joint patrol with Turkish counterparts.",
                "“All injured were promptly evacuated from the area,” the Center said."));
        Assert.Equal("Russia’s reconciliation center",
            Attribute(
                "Russia’s reconciliation center confirmed the explosion and the injuries.",
                "The injured troops have been evacuated to Russia’s military base in Khmeimim on the Mediterranean coast, the reconciliation center said and added that Turkish troops have also been wounded."));
        Assert.Equal("Centers for Disease Control and Prevention",
            Attribute(
                "The Centers for Disease Control and Prevention (CDC) on Tuesday essentially reversed earlier COVID-19 guidance by saying fully vaccinated people should now wear masks in certain situations.",
                "The agency said fully vaccinated people should wear masks in \"public, indoor settings\" in areas of the country with \"substantial\" or \"high\" levels of transmission, as defined by the CDC."));
        Assert.Equal("Bild’s foreign policy editor Julian Röpcke",
            Attribute(
                "Several Russian soldiers were wounded Tuesday in a car bombing in northeastern Syria, according to Bild’s foreign policy editor Julian Röpcke.",
                "“Massive car bomb attack on Russian vehicles within a joint Turkish-Russian patrol on the M4 highway in Idlib,” Röpcke said."));
    }

    [Fact]
    public void When_the_referent_is_unsure_there_is_no_credit_rather_than_a_wrong_one()
    {
        // Saul and Trump are both named before "He": no guess.
        Assert.Null(Attribute(
            "President Biden fired Social Security Commissioner Andrew Saul on Friday amid an ongoing dispute over his leadership of the independent agency.",
            "Saul was one of the few remaining federal appointees from former President Donald Trump’s administration.",
            "The White House said he was fired after refusing a request for his resignation.",
            "Deputy Social Security Commissioner David Black was also asked to resign and he complied.",
            "The Washington Post was first to report Saul's dismissal.",
            "He questioned the legality of Biden's decision in an interview with the newspaper and said..."));
        // "the office" of the inspector general is not the Justice Department that was named.
        Assert.Null(Attribute(
            "The Justice Department's inspector general will investigate the department's handling of a leak investigation, the office announced Friday."));
        // A bare role says nothing about who.
        Assert.Null(Attribute("\"Tucker Carlson Tonight\" host said Monday that the National Security Agency is \"spying on him.\""));
    }

    [Theory]
    [InlineData("Senate Republicans Tuesday blocked sweeping legislation on election and campaign finance reforms that Democrats said is crucial to ensuring voting rights and saving democracy but the GOP blasted as a partisan power grab.", "Democrats")]
    [InlineData("The Senate on Wednesday agreed to take up a bipartisan infrastructure package, hours after senators and the White House announced they had reached a deal after weeks of closed-door haggling.", "senators and the White House")]
    [InlineData("The U.S. military conducted airstrikes Sunday on three targets in Syria and Iraq that the Pentagon said were used by Iranian-backed militias in the area.", "the Pentagon")]
    [InlineData("An indictment against Steve Bannon was dismissed Tuesday over the objection of prosecutors who said it should stand despite ex-President Donald Trump’s decision to pardon his former chief strategist.", "prosecutors")]
    [InlineData("The problems appear related to cloud computing provider Fastly, which said in a status update just before 7 a.m. Eastern time, that the “issue has been identified and a fix has been applied.”", "Fastly")]
    [InlineData("Oil prices jumped and OPEC said output would stay flat.", "OPEC")]
    [InlineData("Britain's allies, including France and Germany, which said they would send troops, met in Paris.", "France and Germany")]
    [InlineData("Biden spoke to Netanyahu early Wednesday, and the White House said the two \"had a detailed discussion of the state of events in Gaza.\"", "the White House")]
    [InlineData("Florida’s state Board of Education banned “critical race theory” from public school classrooms Thursday, adopting new rules it said would shield schoolchildren from curricula that could “distort historical events.”", "Florida’s state Board of Education")]
    public void A_reporting_verb_in_a_subordinate_clause_credits_its_speaker_with_that_clause_only(string sentence, string party)
    {
        var credit = Credit(sentence);
        Assert.Equal((party, true), (credit?.Text, credit?.InPart));
    }

    [Theory]
    [InlineData("The new program, announced on Thursday by the Department of Health and Human Services, will speed up the clinical trials of a few promising drug candidates.", "the Department of Health and Human Services")]
    [InlineData("The blueprint ties together three major spending proposals already announced by President Joe Biden: the American Jobs Plan and the American Families Plan.", "President Joe Biden")]
    [InlineData("He was told by doctors that the injury would heal.", "doctors")]
    public void The_agent_of_a_reporting_participle_is_credited_with_what_it_announced_only(string sentence, string party)
    {
        var credit = Credit(sentence);
        Assert.Equal((party, true), (credit?.Text, credit?.InPart));
    }

    [Theory]
    // Acts, not statements: "confirmed/found by" is not a credit.
    [InlineData("The nominee, confirmed by the Senate on Tuesday, will start next week.")]
    [InlineData("The body was found by hikers near the trail.")]
    // A time after "by" is not an agent.
    [InlineData("The results, announced by Friday at the latest, will decide the race.")]
    public void A_participle_that_is_an_act_or_has_no_party_after_by_credits_nobody(string sentence)
    {
        Assert.Null(Credit(sentence));
    }

    [Theory]
    [InlineData("Officials", "Officials said the fire was under control, but residents said flames were still visible on Sunday.")]
    [InlineData("Biden", "Biden said the bill would pass, while McConnell said it would fail.")]
    [InlineData("The Senate", "The Senate confirmed the nominee on Tuesday, whom Democrats said was unqualified for the post.")]
    [InlineData("Police", "Police said the suspect, who witnesses said was armed, fled on foot.")]
    // From the third review (2026-12-07, 232 made-up reports): other ways a second party joins the sentence.
    [InlineData("The army", "The army said it had retaken the town, though local officials said fighting continued on the outskirts.")]
    [InlineData("The Pentagon", "The Pentagon said the strike killed two militants, a claim that local residents said was false.")]
    [InlineData("The mayor", "The mayor said the water was safe to drink, but residents told local media it was discoloured.")]
    [InlineData("Police", "Police said the driver, whose family said he had epilepsy, lost control of the car.")]
    [InlineData("Ford", "Ford said sales rose in May, while General Motors said its sales fell.")]
    [InlineData("Protesters", "Protesters said the police had used tear gas, which the police said was necessary to disperse the crowd.")]
    [InlineData("Exporters", "Exporters said demand was weak, while importers said prices were too high.")]
    [InlineData("The ministry", "The ministry said five people died, while state television reported 10 deaths.")]
    public void A_sentence_another_party_reports_a_clause_of_is_the_main_speakers_in_part(string party, string sentence)
    {
        var credit = Credit(sentence);
        Assert.Equal((party, true), (credit?.Text, credit?.InPart));
    }

    [Theory]
    // What follows the main verb is the main speaker's report, whoever it quotes.
    [InlineData("The ministry", "The ministry said that rebels said they would withdraw by Friday.")]
    // The same speaker again, or a pronoun, is no other party.
    [InlineData("The mayor", "The mayor said the road would reopen, while he said the bridge would stay closed.")]
    [InlineData("President Joe Biden", "President Joe Biden said the bill would pass, while the president also said he would veto any changes.")]
    // A denial with no words of its own adds no claim to the sentence.
    [InlineData("Israel", "Israel said its forces killed the commander, a claim Hamas has denied.")]
    public void A_report_of_another_party_inside_the_main_speakers_words_keeps_the_whole_credit(string party, string sentence)
    {
        var credit = Credit(sentence);
        Assert.Equal((party, false), (credit?.Text, credit?.InPart));
    }

    [Theory]
    // From the second review of these rules (2026-12-07, 167 made-up reports): each was wrong in a first version.
    [InlineData(null, "Senate Majority Leader Chuck Schumer and House Speaker Nancy Pelosi unveiled the package on Tuesday.", "He said a vote could come as soon as next week.")]
    [InlineData(null, "House Speaker Nancy Pelosi's husband, Paul Pelosi, was attacked at the couple's home early Friday.", "She said the family was grateful for the support.")]
    [InlineData(null, "", "Osaka won her fourth major title, a trophy previously claimed by Serena Williams in 2017.")]
    [InlineData(null, "", "The islands, claimed by both China and Vietnam, lie near major shipping lanes.")]
    [InlineData(null, "", "Images of the hostages were projected by activists onto the walls of the parliament building.")]
    [InlineData(null, "Police arrested two men in Kabul on Sunday.", "The Taliban seized three checkpoints overnight, they said.")]
    [InlineData("The Weeknd", "Producer Max Martin joined him on stage.", "The Weeknd said the album was the most personal he had made.")]
    [InlineData("Food and Drug Administration", "The Food and Drug Administration's advisory panel voted 17-0 to recommend the shot.", "The agency said it would decide within days.")]
    [InlineData("an internal memo seen by a Bloomberg reporter", "", "Officials knew of the flaw for months, according to an internal memo seen by a Bloomberg reporter.")]
    [InlineData("a letter obtained by The Washington Post", "", "The talks collapsed on Friday, according to a letter obtained by The Washington Post.")]
    [InlineData("documents reviewed by two Reuters journalists", "", "Prices rose sharply, according to documents reviewed by two Reuters journalists.")]
    // From the review of the whole change: the same institution under a shorter name, an institution's own "and", a
    // document as the subject.
    [InlineData("The U.S. Food and Drug Administration", "The U.S. Food and Drug Administration said it had approved the drug.", "The FDA will review more data next month, it said.")]
    [InlineData("Apple Inc", "Apple Inc said sales rose.", "Apple will buy back $90 billion of shares, it said.")]
    // A newspaper known by one word after "the" is no person "she" may mean; a nickname still is one.
    [InlineData(null, "The Guardian reported that the minister had resigned.", "She said she would remain in parliament.")]
    [InlineData("The Hill", "The Hill reported that the vote was delayed.", "It said leaders would try again on Monday.")]
    [InlineData("The Rock", "The Rock said he would run for president.", "He said the campaign would start in May.")]
    // A company named as wire services write it, without the full stop ("Corp", "Co"), is a company.
    [InlineData("Toyota Motor Corp", "Toyota Motor Corp said on Tuesday it would cut production.", "The automaker will halt work at 14 plants in Japan, it said.")]
    [InlineData("Ford Motor Co", "Ford Motor Co said on Thursday it would invest $11 billion.", "The company will build two battery plants in Kentucky, it said.")]
    // Company endings (AG, SE, SA) are no person "she" may mean; a surname "Co" is no company; a newspaper or the Vatican
    // is no "he"; a wire service's word for a company finds the company named before, never the agency reporting it.
    [InlineData(null, "Volkswagen AG said it would cut 35,000 jobs.", "She said the unions had agreed.")]
    [InlineData("Philippine lawmaker Zaldy Co", "Philippine lawmaker Zaldy Co said the budget was lawful.", "He said he had done nothing wrong.")]
    [InlineData(null, "The Vatican said the pontiff had a restful night.", "He said doctors were monitoring his breathing.")]
    [InlineData(null, "Apple Inc said TSMC would build the chips in Arizona.", "The chipmaker said the plant would open in 2024.")]
    [InlineData(null, "Apple Inc said it would cut orders from Foxconn.", "The supplier said it had not been told of any change.")]
    [InlineData("Former Arkansas Gov. Asa Hutchinson", "Former Arkansas Gov. Asa Hutchinson said he would stay in the race.", "He said Republicans deserved a choice.")]
    [InlineData("Texas AG Ken Paxton", "Texas AG Ken Paxton said the state would appeal.", "He said the ruling was wrong.")]
    [InlineData(null, "Boeing shares fell 3% on Monday, Reuters reported.", "The planemaker will cut 2,000 jobs in Seattle next year, it said.")]
    // Whom the words were told to closes the sentence: the teller relays the first speaker.
    [InlineData("Peskov, citing Putin", "", "Putin said Russia was ready for talks, Peskov told reporters.")]
    [InlineData(null, "Bloomberg News reported that Rio Tinto was in talks to buy a lithium miner.", "The miner does not comment on market speculation, it said.")]
    // A wire service's word for a company is an institution of its own, not the news agency credited before.
    [InlineData(null, "Reuters reported on Monday that Boeing Co. would delay deliveries.", "The planemaker will take a $2 billion charge, it said.")]
    [InlineData("Centers for Disease Control and Prevention", "The Centers for Disease Control and Prevention's advisers met on Friday.", "The agency said the vaccine was safe.")]
    [InlineData("A letter obtained by The Washington Post", "", "A letter obtained by The Washington Post said the agency had ignored warnings.")]
    public void Review_cases_get_the_credit_an_editor_gives_or_none(string? credit, string before, string sentence)
    {
        Assert.Equal(credit, before.Length == 0 ? Attribute(sentence) : Attribute(before, sentence));
    }

    [Theory]
    // Verbs that report what a party urges, blames or accuses (the fresh holdout's most common uncredited sentences).
    [InlineData("Gov. Carla Benoit", "Gov. Carla Benoit urged residents of low-lying areas to leave immediately.")]
    [InlineData("Conservative leader Pierre Poilievre", "Conservative leader Pierre Poilievre accused the government of \"caving\" to Washington.")]
    [InlineData("Republicans", "Republicans blamed the president for not backing off on his plan to raise taxes.")]
    [InlineData("Economy Minister Martín Rojas", "Economy Minister Martín Rojas hailed the figure as proof that the government's austerity program was working.")]
    // Charged, not speaking; a participle and its agent describe a speaker and are not one.
    [InlineData(null, "The three other former officers accused of aiding and abetting Chauvin will stand trial in March 2022.")]
    [InlineData(null, "The states, led by Letitia James, the New York attorney general, said Facebook had bought up rivals.")]
    public void A_party_that_urges_blames_accuses_or_hails_is_credited(string? party, string sentence) =>
        Assert.Equal(party, Attribute(sentence));

    [Theory]
    // What a party calls for, calls on others to do, or calls something in quoted words is what it said (dev and holdout sentences).
    [InlineData("Group of Seven (G-7) leaders", "Group of Seven (G-7) leaders on Sunday called for a renewed, \"transparent\" investigation into the origins of the virus.")]
    [InlineData("US Secretary of State Antony Blinken", "In a statement released late Sunday, US Secretary of State Antony Blinken called for the immediate release of the detained journalists.")]
    [InlineData("Leaders of the Group of Seven rich nations", "Leaders of the Group of Seven rich nations called on Saturday for a ceasefire in Sudan.")]
    [InlineData("White House Press Secretary Jen Psaki", "On Thursday, White House Press Secretary Jen Psaki singled out a dozen anti-vaccine Facebook accounts and called on the platform to ban them.")]
    // What a party called something, in its own quoted words.
    [InlineData("Belarus's border committee", "Belarus's border committee called the move \"an unfriendly act\".")]
    [InlineData("Aviation analysts", "Aviation analysts called it the \"end of an era,\" as the industry's symbol of luxury flight was sidelined.")]
    // A name, a telephone call, a noun: nobody speaks.
    [InlineData(null, "A group called the Proud Boys marched through the city on Saturday.")]
    [InlineData(null, "Neighbours called police after hearing shots on Friday night.")]
    [InlineData(null, "A man called Smith, who lives nearby, was questioned by the police on Friday night.")]
    [InlineData(null, "The pill, called zuranolone, is taken once a day for 14 days.")]
    public void A_party_that_calls_for_something_or_calls_on_others_is_credited(string? party, string sentence) =>
        Assert.Equal(party, Attribute(sentence));

    [Fact]
    public void The_newspaper_is_the_one_named_before_not_one_its_sentence_reports_on()
    {
        Assert.Equal("The Washington Post", Attribute(
            "The Washington Post reported on Thursday that the White House had drawn up plans to cut funding.",
            "The plans would halve the National Science Foundation's budget, the newspaper said."));
        Assert.Equal("Washington Post, citing people familiar with the matter", Attribute(
            "The Washington Post was the first to report on Thursday that Giuliani had been warned.",
            "The newspaper, citing people familiar with the matter, also reported that One America News Network was warned too."));
        Assert.Null(Attribute("Reuters reported that the minister had resigned.", "The newspaper said she would leave parliament."));
    }

    [Fact]
    public void The_company_is_no_union_named_since()
    {
        // A fresh review's case (2026-12-07): the union spoke last, "the company" is the carmaker.
        Assert.Equal("Kessler Automotive AG", Attribute(
            "Kessler Automotive AG said on Tuesday it would close a factory in Germany.",
            "The IG Metall union said it would fight the closure.",
            "The plant in Osnabrück employs about 2,300 people, the company said."));
    }

    [Fact]
    public void A_participle_with_its_agent_is_not_the_verb_of_the_words_before_it()
    {
        // "Proposals" had been credited with the whole sentence, as if they announced something.
        var proposals = Credit("Proposals already announced by Biden would raise taxes on corporations.");
        Assert.Equal(("Biden", true), (proposals?.Text, proposals?.InPart));
        var emergency = Credit("A state of emergency declared by Gov. Andy Beshear on Friday remains in effect.");
        Assert.Equal(("Gov. Andy Beshear", true), (emergency?.Text, emergency?.InPart));
    }

    [Fact]
    public void A_report_by_a_number_of_named_bodies_is_credited_to_them()
    {
        Assert.Equal("two Senate committees", Attribute(
            "Top federal intelligence agencies failed to adequately warn law enforcement officials before the Jan. 6 riot, according to a new report by two Senate committees that outlines large-scale failures."));
    }

    [Theory]
    [InlineData("but its chances of clearing the Senate dimmed after Senate Minority Leader Mitch McConnell (R-Ky.) came out against the bill earlier in the day.", "Senate Minority Leader Mitch McConnell")]
    [InlineData("The bill stalled after House Speaker Nancy Pelosi met the president.", "House Speaker Nancy Pelosi")]
    public void A_person_whose_title_names_an_institution_is_whom_he_or_she_means(string before, string person)
    {
        Assert.Equal(person, Attribute(before, "He said he opposes the legislation because it is a bad bill."));
        Assert.Equal(person, Attribute(before, "She said the vote would happen next week."));
    }

    [Fact]
    public void A_name_in_an_editors_brackets_is_the_speaker_of_the_whole_sentence()
    {
        var credit = Credit("Gymnast Simone Biles withdrew from the team final.", "[Biles] said in morning practice that she had a little bit of the twisties.");
        Assert.Equal(("Gymnast Simone Biles", false), (credit?.Text, credit?.InPart));
    }

    [Theory]
    // A verb with an object, not a report of what was said.
    [InlineData("The House passed a resolution Tuesday to replace its bust of Roger B. Taney, the chief justice who wrote the Dred Scott decision, with one honoring Thurgood Marshall.")]
    [InlineData("House Speaker Nancy Pelosi and other House Democratic leaders condemned Rep. Ilhan Omar in a statement Thursday after she wrote a tweet that seemed to compare the U.S. and Israel to Hamas and the Taliban.")]
    [InlineData("Biden will not, however, meet his stated deadline for passing the George Floyd Justice in Policing Act by May 25th.")]
    // After a comma, "which said" may be about a noun before the prepositional phrase: a fact sheet, not the administration.
    [InlineData("The details go beyond a State Department fact sheet, issued during the final days of the Trump administration, which said that several researchers at the lab became sick in autumn 2019.")]
    // "it" after a single name: a country or a person, unsure.
    [InlineData("Biden defended the withdrawal, which it said would end by August.")]
    [InlineData("Israel carried out hundreds of airstrikes against what it said were militant targets across Gaza.")]
    // "she" or "it" after "and" may be either party of the first clause; a list of speakers is not a clause.
    [InlineData("A court ruled in favor of Goldman Sachs on Friday, and she said the bank had acted lawfully.")]
    [InlineData("Apple sued the startup, and it said the lawsuit was baseless.")]
    [InlineData("Smith, 45, and Jones said they were innocent.")]
    [InlineData("The ministers of France, Germany and Italy said they would act.")]
    // The verb is the relative clause's, not the main one's (these credited the first noun with the whole sentence).
    [InlineData("A spokesman for the hospital that said it was overwhelmed declined to comment.")]
    [InlineData("The attorney for the officer who said he feared for his life declined to comment.")]
    [InlineData("Fans who said goodbye to a stadium that was built in 1923 wept.")]
    // A finite verb is not a participle: "Inflation" is not a speaker.
    [InlineData("Inflation cooled in March and the Labor Department said wages rose 4%.")]
    // A label is not the party; "which" after "the CEO of Boeing" may be about either.
    [InlineData("Sen. Bob Menendez, D-N.J., who said he was innocent, resigned.")]
    [InlineData("The CEO of Boeing, which said it would cut production, resigned.")]
    [InlineData("The son of Rupert Murdoch, who said the network had erred, left the board.")]
    // Verbs that do not report speech here.
    [InlineData("Djokovic, who claimed his 24th Grand Slam title at a tournament that was played without fans, withdrew.")]
    [InlineData("A neighbor, who found that the door was open, called police.")]
    public void A_subordinate_verb_that_reports_no_statement_or_whose_speaker_is_unsure_credits_nobody(string sentence)
    {
        Assert.Null(Credit(sentence));
    }

    [Fact]
    public void A_subject_shared_by_two_verbs_is_the_speaker_of_the_second()
    {
        Assert.Equal("Hamas", Attribute("Hamas followed suit and said it would honor the agreement."));
        Assert.Equal("Gymnast Simone Biles",
            Attribute("Gymnast Simone Biles withdrew from the team final.", "Biles pulled out of the competition on Tuesday, and told reporters that she was concerned about the well-being of her body and mind."));
    }

    [Fact]
    public void A_sentence_in_the_outlets_own_voice_has_no_attribution()
    {
        Assert.Null(Attribute("The M4 highway, also known as the Aleppo-Al Hasakah road, is about 30 kilometers (19 miles) from Turkey’s southern border."));
        Assert.Null(Attribute("No group has claimed responsibility for the explosion immediately after the incident."));
        Assert.Null(Attribute("The U.S. economy added just 266,000 jobs in April."));
    }

    [Fact]
    public void Citing_chains_the_speaker_and_its_source()
    {
        Assert.Equal(
            "Al Jazeera Arabic reporter Maan Alkhoder, citing the Syrian opposition",
            Attribute("“Three Russian soldiers were slightly injured,” Al Jazeera Arabic reporter Maan Alkhoder tweeted, citing the Syrian opposition."));
    }

    [Fact]
    public void According_to_after_a_speaker_puts_the_relaying_outlet_first()
    {
        Assert.Equal(
            "RT, citing the Russian military",
            Attribute("The airstrike was carried out when the Syrian Army was repelling a large-scale offensive, the Russian military announced on Friday, according to RT."));
    }

    [Fact]
    public void Two_speakers_of_one_clause_are_both_credited()
    {
        Assert.Equal("media and the Russian military",
            Attribute("At least three Russian soldiers on a joint Russian-Turkish patrol in northwest Syria have been injured in a car bomb explosion, media reported and the Russian military confirmed Tuesday."));
    }

    [Fact]
    public void The_credit_says_what_kind_of_party_it_names()
    {
        Assert.Equal(CreditKind.Person, Credit("“We are ready,” said Prime Minister Jane Doe.")?.Kind);
        Assert.Equal(CreditKind.Organisation, Credit("Approximately $15 billion worth of payments were distributed, the government said.")?.Kind);
        Assert.Equal(CreditKind.Group, Credit("At the same time, some sources reported that at least 3 Russian soldiers were wounded.")?.Kind);
        Assert.Equal(CreditKind.Document, Credit("Americans’ concerns over crime have hit a four-year high, according to a Washington Post-ABC News poll released Friday.")?.Kind);
    }

    [Fact]
    public void Next_attributes_a_report_one_sentence_at_a_time()
    {
        var extractor = new AttributionExtractor();

        Assert.Equal("Russia’s reconciliation center", extractor.Next("Russia’s reconciliation center confirmed the explosion and the injuries."));
        Assert.Equal("Russia’s reconciliation center", extractor.Next("It said it was working to establish the group responsible for the blast."));
        Assert.Null(extractor.Next("No group has claimed responsibility for the explosion."));
    }
}
