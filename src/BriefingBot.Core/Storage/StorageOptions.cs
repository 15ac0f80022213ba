using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Storage;

/// <summary>Where reports are stored (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// The store: <c>sqlite</c> (the embedded default, one machine) or <c>postgres</c> (several instances on one database,
    /// with Quartz's clustered scheduler).
    /// </summary>
    [Required]
    [RegularExpression("^(?i:sqlite|postgres|postgresql)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// A full connection string. SQLite: when empty, a database file in <see cref="DataDirectory"/> is used. PostgreSQL:
    /// required (<c>Host=…;Port=5432;Database=…;Username=…;Password=…</c>; set it as <c>Storage__ConnectionString</c> in the
    /// environment or as a user-secret when it holds a password).
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => Provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder for the database file when no connection string is set. Created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long a write waits for a database locked by another process before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
