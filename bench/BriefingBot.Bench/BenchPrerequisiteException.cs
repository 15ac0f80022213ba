namespace BriefingBot.Bench;

/// <summary>Something a command needs from the machine is missing (node, the emulator); the bench exits with code 2.</summary>
internal sealed class BenchPrerequisiteException(string message) : Exception(message);
