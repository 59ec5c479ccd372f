import { once } from 'node:events';
import { extname, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { ResolvedThreadOptions } from '../../options/thread.options.js';
import { typeScriptWorkerOptions } from '../typescript.loader.js';
import {
  isThreadChannelMessage,
  isThreadLogMessage,
  type ThreadChannelMessage,
  type ThreadTaskReply,
  type ThreadTaskRequest,
  type ThreadWorkerData,
} from '../thread.protocol.js';
import { balanceRuns } from './run.balancer.js';
import { STAGED_PER_THREAD } from './thread-pool.constants.js';

/** The worker entry: `.ts` when running from sources, `.js` once built. */
const WORKER_ENTRY = resolve(__dirname, `../worker/thread.worker${extname(__filename)}`);

/**
 * The piscina pool's life: how it is made, the messages its workers post outside runs (their run
 * channel, their logs), the workers stopped hard, and its end.
 */
export class WorkerPool {
  private readonly pool: Piscina<ThreadTaskRequest, ThreadTaskReply>;
  /** Exits of workers stopped hard, still to come. */
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    options: ResolvedThreadOptions,
    workerData: ThreadWorkerData,
    onChannel: (channel: ThreadChannelMessage['taskgateChannel']) => void,
    logger: Logger,
  ) {
    const { minThreads, maxThreads, idleTimeout, resourceLimits } = options;
    this.pool = new Piscina<ThreadTaskRequest, ThreadTaskReply>({
      filename: WORKER_ENTRY,
      minThreads,
      maxThreads,
      idleTimeout,
      // Each worker may hold its next runs (staged ones) while it runs the current one, and starts
      // the next as soon as it is done, without waiting for this thread: the worker's host runs them
      // one after the other. The executor bounds what piscina holds (capacity + lookahead runs).
      concurrentTasksPerWorker: 1 + STAGED_PER_THREAD,
      loadBalancer: balanceRuns,
      // A run that waits in piscina's queue for an idle worker keeps its place: staged runs behind
      // it (which a busy worker may take) do not overtake it.
      stricterFIFO: true,
      // Idle workers keep their event loop turning (no Atomics.wait): their Nest context boots and its timers run.
      atomics: 'disabled',
      workerData,
      ...(resourceLimits && { resourceLimits }),
      ...typeScriptWorkerOptions([...workerData.taskgate.targets.map((target) => target.file), WORKER_ENTRY]),
    });
    // A worker that dies while idle is replaced by piscina; it must not throw an unhandled 'error' here.
    this.pool.on('error', (error: unknown) => logger.error(`A worker thread failed while idle: ${String(error)}`));
    this.pool.on('message', (message: unknown) => {
      if (isThreadChannelMessage(message)) onChannel(message.taskgateChannel);
      else if (isThreadLogMessage(message)) Logger[message.taskgateLog.level](message.taskgateLog.message, ...message.taskgateLog.params);
    });
  }

  run(request: ThreadTaskRequest): Promise<ThreadTaskReply> {
    return this.pool.run(request);
  }

  get idleThreads(): number {
    return this.pool.idleThreads;
  }

  /** Workers that have started (a thread id of their own). */
  get liveThreads(): number {
    return this.pool.threads.filter((worker) => worker.threadId !== -1).length;
  }

  /**
   * Terminates worker `thread`, if it is still there; piscina then fails its run and replaces it.
   * Its exit comes later: {@link destroy} waits for it, so no replacement outlives the pool.
   */
  terminate(thread: number): boolean {
    const worker = this.pool.threads.find((candidate) => candidate.threadId === thread);
    if (!worker) return false;
    this.awaitExit(worker);
    void worker.terminate();
    return true;
  }

  /**
   * Destroys the pool, then terminates any worker still there: piscina may have started a
   * replacement (for one stopped hard) while it was closing, and none may be left behind.
   */
  async destroy(): Promise<void> {
    await Promise.all(this.stopping);
    await this.pool.destroy();
    await Promise.all(this.pool.threads.map((worker) => worker.terminate()));
  }

  private awaitExit(worker: Worker): void {
    const exit: Promise<void> = once(worker, 'exit').then(
      () => void this.stopping.delete(exit),
      () => void this.stopping.delete(exit),
    );
    this.stopping.add(exit);
  }
}
