using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Storage;

/// <summary>Where reports are stored (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The store: <c>sqlite</c> (the embedded default). PostgreSQL comes with scale-out.</summary>
    [Required]
    [RegularExpression("^(?i:sqlite)$", ErrorMessage = "Storage:Provider must be 'sqlite'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>A full connection string; when empty, a database file in <see cref="DataDirectory"/> is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The folder for the database file when no connection string is set. Created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long a write waits for a database locked by another process before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
