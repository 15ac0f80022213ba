namespace BriefingBot.Core.Analysis.Attribution;

/// <summary>
/// The words the clause analysis knows: reporting verbs, the nouns that can head a speaker's phrase (people's
/// roles, institutions, documents), titles, and the words that mark time, pronouns and clause boundaries.
/// Lower-case words outside these lists never make a speaker's phrase on their own: that is what keeps
/// "Oil prices jumped" or "a step that Republicans have said" from being read as a speaker.
/// </summary>
internal static class Lexicon
{
    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.OrdinalIgnoreCase);

    /// <summary>Verbs that report speech or writing, in the forms a news sentence uses for its speaker.</summary>
    public static readonly HashSet<string> ReportingVerbs = Set(
        "said", "says", "say", "told", "tells", "tell", "added", "adds", "stated", "announced", "announces", "reported", "reports", "confirmed",
        "confirms", "tweeted", "wrote", "writes", "noted", "notes", "explained", "explains", "argued", "argues", "argue", "claimed", "claims",
        "alleged", "alleges", "warned", "warns", "warn", "insisted", "insists", "acknowledged", "acknowledges", "declared", "declares",
        "revealed", "disclosed", "testified", "admitted", "asserted", "asserts", "conceded", "countered", "predicted", "predicts",
        "cautioned", "emphasized", "stressed", "contended", "contends", "replied", "clarified",
        "denied", "denies", "reiterated", "pointed", "estimated", "estimates", "found", "finds", "showed", "shows", "concluded", "suggested",
        "suggests", "projected", "indicated", "indicates", "urged", "urges", "accused", "accuses", "blamed", "blames", "hailed", "hails", "called");

    /// <summary>Reporting verbs that may come before their speaker ("…,” said Prime Minister Jane Doe.).</summary>
    public static readonly HashSet<string> InvertibleVerbs = Set(
        "said", "says", "added", "adds", "wrote", "writes", "tweeted", "announced", "explained", "noted", "argued", "insisted",
        "declared", "stated", "warned", "replied", "countered", "cautioned", "reported");

    /// <summary>Verbs that credit their subject only when it is a study, a poll or a report ("the survey found").</summary>
    public static readonly HashSet<string> FindingVerbs = Set(
        "found", "finds", "showed", "shows", "concluded", "suggested", "suggests", "projected", "indicated", "indicates", "estimated", "estimates");

    /// <summary>Present forms that are also plural nouns ("reports", "claims"): a verb only right after a whole subject.</summary>
    public static readonly HashSet<string> NounLikeVerbs = Set("reports", "claims", "notes", "shows", "finds", "estimates", "tell", "say", "argue", "warn");

    /// <summary>Nouns that name a person by role ("the spokesman", "top health official").</summary>
    public static readonly HashSet<string> PersonHeads = Set(
        "spokesman", "spokeswoman", "spokesperson", "official", "minister", "secretary", "director", "president", "leader", "chairman",
        "chairwoman", "chair", "governor", "senator", "representative", "congressman", "congresswoman", "lawmaker", "mayor", "judge", "justice",
        "attorney", "lawyer", "prosecutor", "commissioner", "chief", "general", "commander", "ambassador", "envoy", "diplomat", "adviser",
        "advisor", "aide", "analyst", "expert", "economist", "researcher", "scientist", "doctor", "professor", "author", "editor", "reporter",
        "correspondent", "journalist", "columnist", "witness", "resident", "source", "activist", "critic", "supporter", "investigator", "member",
        "candidate", "founder", "ceo", "executive", "owner", "manager", "coach", "player", "athlete", "medalist", "cleric", "officer", "sheriff",
        "agent", "worker", "employee", "father", "mother", "sister", "brother", "son", "daughter", "wife", "husband", "friend", "neighbor",
        "survivor", "victim", "student", "teacher", "parent", "organizer", "protester", "nurse", "physician", "epidemiologist", "virologist",
        "strategist", "consultant", "historian", "pollster", "premier", "chancellor", "king", "queen", "prince", "pope", "vice-president",
        "deputy", "administrator", "superintendent", "negotiator", "counsel", "whip", "speaker", "host", "anchor", "person", "man", "woman",
        "democrat", "republican", "conservative", "liberal", "progressive", "moderate", "independent", "partner", "colleague", "relative",
        "inspector", "auditor", "planner", "economist", "statistician", "specialist",
        "jurist", "billionaire", "philanthropist", "entrepreneur", "businessman", "businesswoman", "veteran", "star", "singer", "actor", "actress",
        "rapper", "comedian", "physicist", "biologist", "chemist", "engineer", "pilot", "captain", "soldier", "commentator", "blogger",
        "novelist", "writer", "poet", "artist", "director", "producer", "mom", "dad", "grandmother", "grandfather", "uncle", "aunt", "cousin",
        "fiancé", "fiancée", "girlfriend", "boyfriend", "widow", "ex-wife", "ex-husband", "defendant", "plaintiff", "suspect", "juror",
        "trustee", "treasurer", "clerk", "registrar", "legislator", "councilman", "councilwoman", "alderman", "delegate", "nominee", "appointee",
        "czar", "head", "boss", "surgeon", "dean", "provost", "principal", "rector", "vicar", "priest", "pastor", "bishop", "archbishop",
        "trader", "investor", "banker", "dealer", "broker");

    /// <summary>Plural or collective nouns for a group of speakers ("officials", "people familiar with the talks").</summary>
    public static readonly HashSet<string> GroupHeads = Set(
        "officials", "lawmakers", "authorities", "police", "experts", "analysts", "researchers", "scientists", "investigators", "prosecutors",
        "critics", "supporters", "witnesses", "sources", "residents", "doctors", "activists", "diplomats", "rescuers", "medics", "observers",
        "reporters", "economists", "senators", "representatives", "leaders", "members", "advocates", "aides", "advisers", "advisors",
        "democrats", "republicans", "conservatives", "liberals", "progressives", "moderates", "people", "organizers", "protesters", "workers",
        "employees", "executives", "attorneys", "lawyers", "judges", "justices", "governors", "mayors", "ministers", "parents", "students",
        "teachers", "nurses", "physicians", "epidemiologists", "strategists", "historians", "pollsters", "negotiators", "family", "relatives",
        "friends", "neighbors", "survivors", "victims", "media", "outlets", "commentators", "insiders", "participants", "agencies", "regulators",
        "inspectors", "manufacturers", "companies", "groups", "organizations", "states", "countries", "nations", "allies", "opponents", "detractors",
        "proponents", "backers", "colleagues", "staff", "staffers", "troops", "soldiers", "militants", "rebels", "forces", "persons", "men", "women",
        "others", "respondents", "voters", "americans", "adults", "percent", "majority", "couple", "duo", "pair", "trio", "administrators", "officers",
        "agents", "users", "customers", "consumers", "economists", "forecasters", "scholars", "academics", "clinicians", "plaintiffs", "defendants",
        "traders", "investors", "bankers", "dealers", "brokers", "importers", "exporters", "farmers", "growers", "producers", "suppliers",
        "retailers", "merchants", "shopkeepers", "landlords", "tenants", "patients", "passengers", "fans", "players", "villagers");

    /// <summary>Nouns that head an institution's name or description ("the defense ministry", "Russian Reconciliation Center").</summary>
    public static readonly HashSet<string> OrganisationHeads = Set(
        "ministry", "department", "agency", "government", "administration", "military", "army", "navy", "court", "committee", "commission",
        "council", "center", "centre", "centers", "office", "company", "firm", "bank", "group", "organization", "organisation", "campaign",
        "board", "panel", "union", "network", "newspaper", "outlet", "channel", "station", "embassy", "consulate", "regime", "cabinet",
        "parliament", "legislature", "senate", "house", "caucus", "party", "coalition", "alliance", "movement", "foundation", "institute",
        "university", "school", "district", "hospital", "service", "bureau", "authority", "watchdog", "monitor", "observatory", "federation",
        "association", "club", "team", "airline", "platform", "website", "magazine", "tabloid", "broadcaster", "pentagon", "kremlin",
        "command", "corporation", "inc.", "corp.", "co.", "ltd.", "llc", "tribune", "herald",
        "reuters", "agency", "guard", "forces", "force", "police", "prosecutors", "congress", "secretariat", "directorate", "unit", "division",
        "fund", "program", "programme", "project", "initiative", "commission", "tribunal", "bloc", "state", "city", "county", "body", "administration",
        "drugmaker", "automaker", "carmaker", "planemaker", "chipmaker", "steelmaker", "shipbuilder", "supplier", "exporter", "conglomerate", "retailer", "insurer", "lender", "carrier", "chain", "giant", "startup", "operator", "utility",
        "manufacturer", "producer", "publisher", "developer", "nonprofit", "charity", "ngo", "church", "diocese", "archdiocese", "zoo", "museum",
        "opposition", "junta", "militia", "insurgency", "resistance", "leadership", "presidency", "ministry's", "television", "tv", "radio", "miner", "brewer");

    /// <summary>Nouns for a written or published source ("the report", "a statement from the ministry").</summary>
    public static readonly HashSet<string> DocumentHeads = Set(
        "report", "statement", "study", "survey", "poll", "data", "figures", "analysis", "estimate", "estimates", "release", "memo", "letter",
        "filing", "filings", "documents", "document", "records", "complaint", "lawsuit", "indictment", "order", "ruling", "opinion", "decision",
        "guidance", "guidelines", "post", "tweet", "video", "email", "emails", "transcript", "tally", "count", "projections", "review", "audit",
        "assessment", "research", "paper", "article", "book", "notice", "announcement", "communique", "bulletin", "briefing", "readout",
        "proposal", "bill", "legislation", "law", "plan", "policy", "warning", "advisory", "forecast", "findings", "results", "count", "census",
        "interview", "message", "note", "summary", "timeline", "index", "model", "website", "page", "account", "feed", "update",
        "protocol", "agreement", "treaty", "accord", "resolution", "declaration", "manifesto", "affidavit", "motion", "brief", "verdict",
        "judgment", "citation", "warrant", "subpoena", "sheet", "posting", "filing", "notification", "circular", "directive", "decree", "regulation", "rule", "post");

    /// <summary>Titles and honorifics that open a person's name ("Rep.", "Prime Minister", "Dr.").</summary>
    public static readonly HashSet<string> Titles = Set(
        "mr.", "mrs.", "ms.", "dr.", "prof.", "sen.", "sens.", "rep.", "reps.", "gov.", "gen.", "lt.", "col.", "sgt.", "capt.", "adm.", "maj.", "rev.",
        "president", "vice", "prime", "minister", "secretary", "senator", "representative", "governor", "mayor", "judge", "justice",
        "chancellor", "king", "queen", "prince", "princess", "pope", "sheikh", "ayatollah", "gen", "general", "admiral", "colonel", "captain",
        "sergeant", "lieutenant", "commissioner", "chief", "director", "ambassador", "speaker", "leader", "attorney", "surgeon", "chairman",
        "chairwoman", "sir", "dame", "lord", "lady", "emir", "imam", "rabbi", "bishop", "cardinal", "father", "sister", "brother", "professor", "coach");

    /// <summary>Lower-case words that may qualify a speaker's role without being one ("former", "top", "health").</summary>
    public static readonly HashSet<string> Modifiers = Set(
        "former", "then", "current", "acting", "interim", "top", "senior", "chief", "deputy", "assistant", "associate", "vice", "junior", "federal",
        "state", "local", "national", "international", "foreign", "health", "defense", "defence", "public", "private", "military", "economic",
        "election", "intelligence", "security", "police", "government", "independent", "new", "longtime", "veteran", "prominent", "leading",
        "several", "some", "many", "other", "numerous", "unnamed", "anonymous", "administration", "press", "news", "policy", "affairs", "justice",
        "county", "city", "school", "district", "regional", "provincial", "party", "campaign", "company", "legal", "medical", "civil", "rights",
        "human", "environmental", "climate", "energy", "world", "conservative", "liberal", "progressive", "democratic", "republican", "gop",
        "congressional", "legislative", "presidential", "parliamentary", "judicial", "supreme", "appeals", "appellate", "state-run", "state-owned",
        "research", "recent", "latest", "joint", "separate", "written", "annual", "internal", "draft", "preliminary", "final", "updated",
        "court", "central", "general", "special", "senior", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both",
        "all", "most", "few", "more", "top-ranking", "high-ranking", "ranking", "majority", "minority", "communications", "media", "white",
        "house", "executive", "medical", "legislative", "financial", "industry", "business", "trade", "labor", "labour", "transportation",
        "education", "interior", "treasury", "commerce", "agriculture", "homeland", "emergency", "disaster", "fire", "rescue", "relief",
        "aid", "humanitarian", "human-rights", "opposition", "ruling", "governing", "outgoing", "incoming", "retired", "elected", "visiting",
        "managing", "founding", "reconciliation", "russian", "defense", "intelligence", "u.s.", "us", "american", "federal", "u.n.", "un",
        "european", "british", "israeli", "palestinian", "iranian", "chinese", "syrian", "turkish", "iraqi", "afghan", "ukrainian", "french",
        "german", "indian", "pakistani", "mexican", "canadian", "japanese", "korean", "saudi", "egyptian", "jordanian", "lebanese", "global",
        "familiar", "close", "knowledgeable", "briefed", "poll", "survey", "study", "data", "census", "statistics", "tax",
        "budget", "spending", "infrastructure", "vaccine", "virus", "disease", "pandemic", "covid", "covid-19", "coronavirus", "border",
        "immigration", "customs", "protection", "enforcement", "investigative", "oversight", "ethics", "nonpartisan", "bipartisan", "partisan",
        "official", "officials", "policy", "foreign-policy", "this", "that", "those", "these", "his", "her", "its", "their", "our", "one", "each");

    public static readonly HashSet<string> Pronouns = Set("he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "this", "that", "these", "those", "who", "which", "one");

    public static readonly HashSet<string> TimeWords = Set(
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight", "yesterday", "tomorrow", "morning",
        "afternoon", "evening", "night", "weekend", "week", "month", "year", "january", "february", "march", "april", "june", "july",
        "august", "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.", "earlier", "later",
        "last", "next", "late", "early", "overnight", "recently", "previously", "now", "again", "also", "already", "still", "then", "too",
        "repeatedly", "often", "publicly", "privately", "separately", "once", "initially", "first", "reportedly", "further", "ago", "just",
        "midday", "noon", "hours", "days", "weeks", "months", "years", "spring", "summer", "fall", "autumn", "winter", "time", "moment");

    /// <summary>Words that open a subordinate clause: a reporting verb after one does not credit the sentence.</summary>
    public static readonly HashSet<string> Subordinators = Set(
        "that", "which", "who", "whom", "whose", "when", "after", "before", "because", "if", "while", "as", "since", "until", "although",
        "though", "where", "whether", "than", "unless", "once", "why", "how", "what", "whatever", "whereas", "so", "lest");

    /// <summary>Sentence openers that are not part of the subject ("Meanwhile, …", "But …").</summary>
    public static readonly HashSet<string> Openers = Set(
        "and", "but", "so", "yet", "meanwhile", "however", "still", "also", "separately", "instead", "later", "earlier", "previously", "now",
        "then", "thus", "indeed", "moreover", "furthermore", "additionally", "ultimately", "finally", "first", "second", "third", "today",
        "yesterday", "overall", "nonetheless", "nevertheless", "similarly", "likewise", "notably", "importantly", "specifically", "elsewhere",
        "there", "here", "or", "plus", "recently", "last", "this", "on", "in", "at", "by");

    /// <summary>Words that can never be inside a speaker's phrase: auxiliaries, negation, most prepositions.</summary>
    public static readonly HashSet<string> Blockers = Set(
        "was", "were", "is", "are", "be", "been", "being", "am", "has", "have", "had", "would", "could", "will", "can", "may", "might", "must",
        "should", "shall", "did", "does", "do", "not", "no", "n't", "never", "to", "into", "with", "without", "over", "under", "about", "against",
        "during", "through", "between", "among", "across", "since", "until", "per", "via", "if", "because", "after", "before", "while", "than",
        "when", "where", "why", "how", "what", "who", "whom", "whose", "which", "that", "there", "it's", "also", "even", "only", "just", "very",
        "said", "says", "say", "told", "so", "like", "such", "nor", "neither", "nobody", "none", "nothing", "anyone", "everyone", "someone");

    /// <summary>Organisation words inside a capitalised name ("Centers for Disease Control", "the White House").</summary>
    public static readonly HashSet<string> OrganisationNameWords = Set(
        "ministry", "department", "agency", "government", "administration", "military", "army", "navy", "court", "committee", "commission",
        "council", "center", "centre", "centers", "office", "company", "bank", "group", "organization", "organisation", "campaign", "board",
        "union", "network", "embassy", "house", "senate", "congress", "caucus", "party", "coalition", "alliance", "foundation", "institute",
        "institutes", "university", "college", "school", "hospital", "service", "services", "bureau", "authority", "observatory", "federation",
        "association", "club", "airlines", "pentagon", "kremlin", "command", "corporation", "inc.", "corp.", "co.", "ltd.", "llc", "motor", "airways", "times", "post",
        "news", "journal", "press", "tribune", "herald", "reuters", "guard", "forces", "force", "police", "fund", "cross", "crescent",
        "nations", "states", "republic", "kingdom", "union", "league", "society", "trust", "media", "television", "radio", "tv", "broadcasting",
        "communications", "technologies", "systems", "industries", "group", "holdings", "partners", "capital", "motors", "pharmaceuticals",
        "labs", "laboratories", "health", "bloc", "secretariat", "directorate", "division", "unit", "prosecutor's", "prosecutors", "assembly",
        "parliament", "legislature", "cabinet", "regime", "monitor", "watch", "international", "project", "program", "initiative", "council",
        "administration", "commission", "tribunal", "agency", "museum", "library", "theatre", "theater", "stadium", "arena", "hall", "airport",
        "church", "cathedral", "mosque", "temple", "zoo", "memorial", "academy", "clinic", "laboratory", "lab", "archive", "archives", "facebook", "twitter", "google", "microsoft", "amazon", "apple", "pfizer", "moderna");

    /// <summary>Capitalised words that are places or things, not people, at the end of a capitalised run.</summary>
    public static readonly HashSet<string> PlaceWords = Set(
        "york", "angeles", "francisco", "diego", "jersey", "hampshire", "carolina", "dakota", "virginia", "mexico", "city", "county", "island",
        "islands", "river", "valley", "street", "avenue", "square", "park", "hill", "capitol", "coast", "bay", "lake", "mountain", "mountains",
        "east", "west", "north", "south", "middle", "strip", "bank", "gulf", "sea", "ocean", "africa", "america", "asia", "europe", "korea",
        "arabia", "emirates", "zealand", "lanka", "kong", "delhi", "aviv", "jerusalem", "airport", "station", "stadium", "olympics", "games",
        "cup", "act", "bill", "amendment", "constitution", "day", "war", "covid-19", "covid", "delta", "variant");
}
