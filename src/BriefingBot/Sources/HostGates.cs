namespace BriefingBot.Sources;

/// <summary>
/// At most a few fetches at once per host (Sources:MaxPerHost). A host's gate exists only while a fetch holds it or waits
/// for it: it is made by the first and dropped by the last, so a bot that follows thousands of hosts keeps gates only for
/// the few it is fetching now. A gate is dropped only when nobody holds or waits for it, so a fetch that makes a new one
/// never runs beside holders of an old one: the limit holds across the gate's coming and going.
/// </summary>
internal sealed class HostGates(int perHost)
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The hosts with a fetch holding or waiting for their gate.</summary>
    public int Count
    {
        get
        {
            lock (_gates)
                return _gates.Count;
        }
    }

    /// <summary>Waits for a place at <paramref name="host"/>; disposing the result gives it back.</summary>
    public async Task<IDisposable> EnterAsync(string host, CancellationToken ct)
    {
        Gate? gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(host, out gate))
                _gates[host] = gate = new Gate(host, perHost);
            gate.Users++;
        }

        try
        {
            await gate.Places.WaitAsync(ct);
        }
        catch
        {
            Leave(gate, held: false);
            throw;
        }

        return new Place(this, gate);
    }

    private void Leave(Gate gate, bool held)
    {
        lock (_gates)
        {
            // A released place goes to a waiter of this same gate (whose continuation runs asynchronously, not under this lock).
            if (held)
                gate.Places.Release();
            if (--gate.Users == 0)
            {
                _gates.Remove(gate.Host);
                gate.Places.Dispose();
            }
        }
    }

    /// <summary>A host's places and how many fetches hold or wait for one (changed under the dictionary's lock).</summary>
    private sealed class Gate(string host, int places)
    {
        public string Host { get; } = host;

        public SemaphoreSlim Places { get; } = new(places);

        public int Users { get; set; }
    }

    private sealed class Place(HostGates owner, Gate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
                owner.Leave(gate, held: true);
        }
    }
}
