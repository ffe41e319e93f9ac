using System.Threading.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Pipeline;

/// <summary>
/// Updates pushed to the bot (webhooks) arrive one per request, many at once. Handled one per transaction, each would
/// pay a commit of its own; here the requests queue, and one loop hands whatever has arrived — up to
/// <see cref="MaxBatch"/>, in arrival order — to the pipeline as one batch, as a poll's batch is handled. Each request
/// is answered when its batch committed (or with the failure that kept it from being recorded).
/// </summary>
public sealed class PushedUpdates : BackgroundService
{
    public const int MaxBatch = 100;

    private readonly Channel<(IncomingUpdate Update, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(IncomingUpdate, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly UpdatePipeline _pipeline;

    public PushedUpdates(UpdatePipeline pipeline) => _pipeline = pipeline;

    /// <summary>Completes once the update's batch committed; throws <see cref="UpdateNotRecordedException"/> when it could not be recorded.</summary>
    public Task ProcessAsync(IncomingUpdate update)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((update, done)))
        {
            done.SetException(new UpdateNotRecordedException(update, new InvalidOperationException("The bot is stopping.")));
        }

        return done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(IncomingUpdate Update, TaskCompletionSource Done)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    // The batch in hand is finished even when stopping: one short transaction.
                    await _pipeline.ProcessBatchAsync([.. batch.Select(b => b.Update)], CancellationToken.None);
                    batch.ForEach(b => b.Done.TrySetResult());
                }
                catch (Exception ex)
                {
                    // Not recorded (the database is away): every request of the batch is refused, and Telegram sends
                    // them again; what was recorded after all is recognised by its id then.
                    batch.ForEach(b => b.Done.TrySetException(ex is UpdateNotRecordedException ? ex : new UpdateNotRecordedException(b.Update, ex)));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(new UpdateNotRecordedException(left.Update, new InvalidOperationException("The bot is stopping.")));
            }
        }
    }
}
