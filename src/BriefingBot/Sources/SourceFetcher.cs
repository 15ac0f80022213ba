using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using BriefingBot.Core;
using BriefingBot.Core.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace BriefingBot.Sources;

/// <summary>What a fetch got: the final address after redirects, the body (capped) and the validators for the next conditional GET.</summary>
public sealed record FetchResult(Uri FinalUri, int Status, string? MediaType, string? Charset, byte[] Body, string? ETag, string? LastModified, bool NotModified)
{
    /// <summary>The body as text, decoded by BOM, header charset or the document's own declaration.</summary>
    public string Text => TextDecoder.Decode(Body, Charset).Text;
}

/// <summary>Resolves a host name to addresses (DNS; tests give their own).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// Fetches source URLs safely: http/https only; every connection (the first and each redirect's) goes through
/// <see cref="ConnectAsync"/>, which resolves the name itself and refuses private, loopback, link-local, CGNAT,
/// multicast and metadata addresses unless the host is in Sources:AllowedHosts — so DNS rebinding and redirects
/// cannot reach the bot's network; at most Sources:MaxRedirects redirects; the body is counted while it is read
/// (after decompression, so a gzip bomb stops at Sources:MaxBytes too); one deadline (Sources:Timeout) covers the
/// whole fetch; conditional GET with ETag / Last-Modified; a few requests per host at once; transient failures
/// (5xx, 429, dropped connections) retried with backoff. Failures are <see cref="BriefingBotException"/>s whose
/// message can go to a moderator.
/// </summary>
public sealed class SourceFetcher(IHttpClientFactory factory, IOptions<SourcesOptions> options, ILogger<SourceFetcher> logger)
{
    public const string ClientName = "sources";

    private readonly HostGates _hosts = new(options.Value.MaxPerHost);

    // Two retries, the first after a tenth of the deadline (at most a second), doubling, jittered.
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = options.Value.Timeout / 10 < TimeSpan.FromSeconds(1) ? options.Value.Timeout / 10 : TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<TransientFetchException>(),
        })
        .Build();

    public async Task<FetchResult> FetchAsync(Uri url, string? etag = null, string? lastModified = null, CancellationToken ct = default)
    {
        if (AddressGuard.SchemeProblem(url) is { } scheme)
            throw new BriefingBotException(scheme);
        // One deadline for the whole fetch, retries and redirects included.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Value.Timeout);
        IDisposable place;
        try
        {
            place = await _hosts.EnterAsync(url.Host, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new BriefingBotException($"{url.Host} is busy with other fetches of this bot; nothing read within {options.Value.Timeout.TotalSeconds:0} s (Sources:Timeout)");
        }

        try
        {
            return await _retry.ExecuteAsync(async token => await FetchOnceAsync(url, etag, lastModified, token), deadline.Token);
        }
        catch (TransientFetchException e)
        {
            throw new BriefingBotException(e.Message, e.InnerException ?? e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new BriefingBotException($"{url.Host} did not answer within {options.Value.Timeout.TotalSeconds:0} s (Sources:Timeout)", e);
        }
        finally
        {
            place.Dispose();
        }
    }

    /// <summary>The hosts whose gate is kept now (those being fetched or waited for).</summary>
    internal int GatedHosts => _hosts.Count;

    private async Task<FetchResult> FetchOnceAsync(Uri url, string? etag, string? lastModified, CancellationToken ct)
    {
        var o = options.Value;
        // The attempt's own timer: a silent server costs one attempt's share of the deadline, leaving room to retry.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(o.Timeout / 3);
        var http = factory.CreateClient(ClientName);
        var current = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd(o.UserAgent);
                request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5");
                if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
                    request.Headers.IfNoneMatch.Add(tag);
                if (lastModified is not null && DateTimeOffset.TryParse(lastModified, out var since))
                    request.Headers.IfModifiedSince = since;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && status != 304 && response.Headers.Location is { } location)
                {
                    if (redirects >= o.MaxRedirects)
                        throw new BriefingBotException($"{url} redirects more than {o.MaxRedirects} times (Sources:MaxRedirects)");
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (AddressGuard.SchemeProblem(next) is { } scheme)
                        throw new BriefingBotException($"{current.Host} redirects to {next.Scheme}:, and {scheme}");
                    logger.LogDebug("{From} redirects to {To}", current, next);
                    current = next;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                    return new FetchResult(current, status, null, null, [], etag, lastModified, NotModified: true);
                if (status is 429 or >= 500)
                    throw new TransientFetchException($"{current.Host} answered {status} {response.ReasonPhrase}");
                if (!response.IsSuccessStatusCode)
                    throw new BriefingBotException($"{current.Host} answered {status} {response.ReasonPhrase} for {current.AbsolutePath}");
                if (response.Content.Headers.ContentLength is { } length && length > o.MaxBytes)
                    throw new BriefingBotException($"{current.Host} sends {length:#,0} bytes, more than the limit of {o.MaxBytes:#,0} (Sources:MaxBytes)");
                await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
                var body = await CappedRead.ReadAllAsync(stream, o.MaxBytes, $"{current.Host} sent more than the limit of {o.MaxBytes:#,0} bytes (Sources:MaxBytes); the rest was not read", deadline.Token);
                return new FetchResult(current, status, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.CharSet, body,
                    response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"), NotModified: false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TransientFetchException($"{current.Host} did not answer within {o.Timeout.TotalSeconds:0} s (Sources:Timeout)");
        }
        catch (InvalidDataException e)
        {
            throw new BriefingBotException($"{current.Host} sent a body that does not decompress ({e.Message})", e);
        }
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            throw new TransientFetchException($"the connection to {current.Host} broke while reading: {e.Message}", e);
        }
        catch (HttpRequestException e) when (e.InnerException is BriefingBotException refused)
        {
            throw new BriefingBotException(refused.Message, e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new BriefingBotException($"the TLS connection to {current.Host} failed: {e.Message}", e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.NameResolutionError)
        {
            throw new BriefingBotException($"{current.Host} does not resolve", e);
        }
        catch (HttpRequestException e)
        {
            throw new TransientFetchException($"fetching {current.Host} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// The connection of every request, redirects included: the name is resolved here and each address checked,
    /// so what is checked is what is connected to.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, IHostResolver resolver, IReadOnlyCollection<string> allowedHosts, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0)
            throw new BriefingBotException($"{host} does not resolve");
        if (!allowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var address in addresses)
            {
                if (AddressGuard.Problem(address) is { } problem)
                    throw new BriefingBotException($"refused: {host} is {(literal is null ? $"at {address}, " : "")}{problem}; sources must be public addresses (Sources:AllowedHosts lists exceptions)");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A failure worth another try (5xx, 429, a dropped connection, a timeout).</summary>
    private sealed class TransientFetchException(string message, Exception? inner = null) : Exception(message, inner);
}
