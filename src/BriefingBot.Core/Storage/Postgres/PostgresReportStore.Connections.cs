using Dapper;
using Npgsql;

namespace BriefingBot.Core.Storage.Postgres;

public sealed partial class PostgresReportStore
{
    /// <summary>Pauses between tries when the server cannot be reached (≈ 15 s in all: a restart under load).</summary>
    private static readonly TimeSpan[] DefaultRetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    private Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct) =>
        RunAsync(c => c.ExecuteAsync(sql, parameters), "nothing was written", ct);

    /// <summary>
    /// Runs <paramref name="action"/> on a pooled connection. A transient failure (server restarting, connection dropped,
    /// serialization conflict) is retried with a fresh connection; every action is one statement or one transaction and
    /// idempotent, so a retry after a commit whose answer was lost changes nothing. Other failures become a clear
    /// error naming the setting; <paramref name="notWritten"/> says what was not written ("this batch…").
    /// </summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> action, string? notWritten, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var opened = false;
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                opened = true;
                return await action(connection);
            }
            catch (PostgresException e) when (e.SqlState is "28P01" or "28000" or "3D000" or "42501")
            {
                throw new BriefingBotException($"PostgreSQL at {_where} refused the connection (check Storage:ConnectionString): {e.MessageText}", e);
            }
            catch (PostgresException e) when (StorageFault.From(e) is { Kind: not StorageFaultKind.Locked } fault)
            {
                // Disk full (transient to Npgsql, but retrying does not free space), a server in read-only mode (a standby
                // after a failover), a damaged table: a storage fault the operator fixes. A lock is retried below.
                fault = fault with { Where = _where };
                throw new BriefingBotException(fault, fault.Explain(outcome: notWritten ?? "nothing was changed"), e);
            }
            // A statement that ran into its timeout is not retried (it would only load the server again); a connection
            // that could not be opened or broke, a serialization failure or a deadlock is.
            catch (NpgsqlException e) when (e.IsTransient && !ct.IsCancellationRequested && !(opened && e.InnerException is TimeoutException))
            {
                if (attempt >= _retryDelays.Count)
                {
                    throw new BriefingBotException(
                        $"the PostgreSQL database {_where} cannot be reached (Storage:ConnectionString): {Message(e)}" + (notWritten is null ? "" : "; " + notWritten), e);
                }

                // Pooled connections to a restarted server are all broken: drop them rather than meet each one in turn.
                _dataSource.Clear();
                await Task.Delay(_retryDelays[attempt], ct);
            }
            catch (NpgsqlException e) when (e is not PostgresException)
            {
                throw new BriefingBotException($"the PostgreSQL database {_where} cannot be used (Storage:ConnectionString): {Message(e)}" + (notWritten is null ? "" : "; " + notWritten), e);
            }
            catch (PostgresException e) when (e.SqlState is "57014" or "54000" || e.IsTransient)
            {
                // A statement timeout (not retried, above), a statement too complex, a lock still held: the caller tries again later.
                throw new BriefingBotException($"the PostgreSQL database {_where} did not complete the statement ({e.SqlState}: {e.MessageText})" + (notWritten is null ? "" : "; " + notWritten), e);
            }
        }
    }

    private static string Message(Exception e) => (e.InnerException is { } inner && inner.Message.Length > 0 ? $"{e.Message.TrimEnd('.')} ({inner.Message.TrimEnd('.')})" : e.Message).TrimEnd('.');
}
