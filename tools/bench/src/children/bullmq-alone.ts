// BullMQ alone, in one process, for reference: add a job, wait for its
// `completed` event; no socket, no gateway.
import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import { runClosedLoop, type LoopOptions } from '../load/closed-loop.js';
import { childArgs } from '../process/child-args.js';
import { serveParent } from '../process/child-side.js';
import { processJob } from '../server/bullmq-app.module.js';

export interface BullmqAloneArgs {
  connection: ConnectionOptions;
  queueName: string;
  concurrency: number;
}

serveParent(async () => {
  const { connection, queueName, concurrency } = childArgs<BullmqAloneArgs>();
  const queue = new Queue(queueName, { connection });
  const events = new QueueEvents(queueName, { connection });
  const worker = new Worker(queueName, async (job) => processJob(job), { connection, concurrency });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);

  const waiting = new Map<string, (failed: boolean) => void>();
  /** Outcomes that arrived before `add()` resolved with the job id. */
  const early = new Map<string, boolean>();
  const settle = (jobId: string, failed: boolean) => {
    const done = waiting.get(jobId);
    if (!done) return void early.set(jobId, failed);
    waiting.delete(jobId);
    done(failed);
  };
  events.on('completed', ({ jobId }) => settle(jobId, false));
  events.on('failed', ({ jobId }) => settle(jobId, true));

  return {
    info: {},
    close: async () => {
      await Promise.all([worker.close(), events.close(), queue.close()]);
    },
    handlers: {
      measure({ task, args, ...loop }: LoopOptions & { task: string; args?: unknown }) {
        return runClosedLoop(
          [
            (done) => {
              queue.add(task, args ?? null, { removeOnComplete: true, removeOnFail: true }).then(
                (job) => {
                  const failed = early.get(job.id!);
                  if (failed === undefined) return void waiting.set(job.id!, done);
                  early.delete(job.id!);
                  done(failed);
                },
                () => done(true),
              );
            },
          ],
          loop,
        );
      },
    },
  };
});
