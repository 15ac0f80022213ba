using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BriefingBot.Tests.Support;

/// <summary>What a route of <see cref="LoopbackHttpServer"/> answers: raw status, headers and body, or a misbehaviour.</summary>
public sealed record LoopbackResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    /// <summary>Accept the request and never answer.</summary>
    public bool Hang { get; init; }

    /// <summary>Answer 200 with a chunked body that never ends.</summary>
    public bool Endless { get; init; }

    /// <summary>Wait this long before answering (a slow server).</summary>
    public TimeSpan Delay { get; init; }

    public static LoopbackResponse Ok(string body, string contentType = "application/rss+xml; charset=utf-8", params (string, string)[] headers) =>
        new(200, [("Content-Type", contentType), .. headers], Encoding.UTF8.GetBytes(body));

    public static LoopbackResponse Bytes(byte[] body, string contentType, params (string, string)[] headers) => new(200, [("Content-Type", contentType), .. headers], body);

    public static LoopbackResponse Redirect(string location) => new(302, [("Location", location)], []);

    public static LoopbackResponse Only(int status) => new(status, [], []);
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 written for the fetcher's tests: each request is answered by the route
/// for its path (one connection per request, then closed), and every request is logged with its headers.
/// Raw sockets, so it can misbehave as real servers do: hang, send forever, lie about encodings.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, Func<IReadOnlyDictionary<string, string>, LoopbackResponse>> _routes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _atOnce = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _mostAtOnce = new(StringComparer.OrdinalIgnoreCase);

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<(string Path, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = [];

    /// <summary>The most requests for one host name (the Host header without its port) that were being answered at once.</summary>
    public int MostAtOnce(string host)
    {
        lock (_lock)
            return _mostAtOnce.GetValueOrDefault(host);
    }

    public void Map(string path, LoopbackResponse response) => Map(path, _ => response);

    public void Map(string path, Func<IReadOnlyDictionary<string, string>, LoopbackResponse> handler)
    {
        lock (_lock)
            _routes[path] = handler;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var lines = head.Split("\r\n");
                var path = lines[0].Split(' ')[1];
                var headers = lines.Skip(1).Where(l => l.Contains(':')).ToDictionary(l => l[..l.IndexOf(':')].Trim().ToLowerInvariant(), l => l[(l.IndexOf(':') + 1)..].Trim());
                var host = headers.GetValueOrDefault("host", "");
                host = host.Contains(':', StringComparison.Ordinal) ? host[..host.LastIndexOf(':')] : host;
                Func<IReadOnlyDictionary<string, string>, LoopbackResponse>? handler;
                lock (_lock)
                {
                    Requests.Add((path, headers));
                    _routes.TryGetValue(path, out handler);
                    _atOnce[host] = _atOnce.GetValueOrDefault(host) + 1;
                    _mostAtOnce[host] = Math.Max(_mostAtOnce.GetValueOrDefault(host), _atOnce[host]);
                }

                try
                {
                    await AnswerAsync(stream, handler?.Invoke(headers) ?? LoopbackResponse.Only(404));
                }
                finally
                {
                    lock (_lock)
                        _atOnce[host]--;
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
                // The client gave up (a cap or a timeout): that is what these tests provoke.
            }
        }
    }

    private async Task AnswerAsync(NetworkStream stream, LoopbackResponse response)
    {
        if (response.Delay > TimeSpan.Zero)
            await Task.Delay(response.Delay, _stop.Token);
        if (response.Hang)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
            return;
        }

        var text = new StringBuilder($"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Status")}\r\nConnection: close\r\n");
        foreach (var (name, value) in response.Headers)
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        if (response.Endless)
        {
            text.Append("Transfer-Encoding: chunked\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), _stop.Token);
            var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('a', 0x10000) + "\r\n");
            while (!_stop.IsCancellationRequested)
                await stream.WriteAsync(chunk, _stop.Token);
            return;
        }

        text.Append("Content-Length: ").Append(response.Body.Length).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), _stop.Token);
        await stream.WriteAsync(response.Body, _stop.Token);
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r')
                break;
        }

        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
