using BriefingBot.Core.Domain;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Stories;

/// <summary>Twelve reports about twelve different events, one outlet each: twelve stories.</summary>
public static class UnrelatedReports
{
    private static readonly string[] Events =
    [
        "The harbour bridge closed on Monday after engineers found cracks in two supports.",
        "The central bank raised its main interest rate by half a point on Thursday.",
        "Floods cut off three mountain villages after two days of heavy rain.",
        "A new children's hospital opened its doors to patients in the capital.",
        "The national football team won the regional cup after a penalty shootout.",
        "Farmers protested against lower milk prices outside the agriculture ministry.",
        "A wildfire destroyed forty hectares of pine forest near the southern coast.",
        "Parliament approved a law that lowers the voting age for local elections.",
        "The railway company ordered twenty electric trains for its northern lines.",
        "Scientists discovered a new species of frog in the eastern rainforest.",
        "Teachers in the western province went on strike over unpaid overtime.",
        "The city museum returned a stolen painting to its original owners.",
    ];

    public static IReadOnlyList<Report> Reports() =>
        Events.Select((text, i) => Samples.Report(i + 1, $"Outlet {i + 1}", text)).ToList();
}
