namespace BriefingBot.Core.Text;

/// <summary>English function words, which carry no topic.</summary>
public static class Stopwords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "said",
        "says", "say", "told", "according", "would", "may", "might", "must", "shall", "us", "mr", "mrs", "ms", "one",
        "new", "yet", "still", "even", "much", "many", "well", "however", "since", "among", "amid", "via", "per",
        "like", "get", "got", "make", "made", "including", "include", "includes", "whether", "within", "without",
        "tell", "know", "known", "let", "s", "t", "don", "didn", "doesn", "isn", "wasn", "aren", "weren",
        "tuesday", "monday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "year", "day", "time",
        "earlier", "later", "last", "first", "next", "told", "reported", "report", "reports", "news",
    };

    public static bool IsStopword(string word) => Words.Contains(word.Replace('’', '\''));
}
