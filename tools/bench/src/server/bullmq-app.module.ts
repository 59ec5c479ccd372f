import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import { benchFunctions } from '../tasks/cpu-functions.js';
import { JOBS_QUEUE, JOBS_QUEUE_EVENTS, JobsGateway } from './jobs.gateway.js';

export const JOBS_WORKER = Symbol('JOBS_WORKER');

export interface BullmqBenchOptions {
  connection: ConnectionOptions;
  queueName: string;
  /** Jobs the worker runs at once (Taskgate's inline default is 64). */
  concurrency: number;
}

/** Runs a job with the bench function of its name, as a `@Processor()` would. */
export function processJob(job: { name: string; data: unknown }): unknown {
  const fn = benchFunctions[job.name];
  if (!fn) throw new Error(`unknown task ${job.name}`);
  return fn(job.data);
}

/** Closes the queue, its events and the worker with the application. */
class BullmqLifecycle implements OnApplicationShutdown {
  constructor(private readonly closables: Array<{ close(): Promise<void> }>) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.closables.map((closable) => closable.close()));
  }
}

/**
 * The socket.io + BullMQ + Redis application: the gateway, the queue, its events
 * and the worker in one Nest process, as `@nestjs/bullmq` users deploy it by default.
 */
@Module({})
export class BullmqBenchModule {
  static async register(options: BullmqBenchOptions): Promise<DynamicModule> {
    const { connection, queueName, concurrency } = options;
    const queue = new Queue(queueName, { connection });
    const events = new QueueEvents(queueName, { connection });
    const worker = new Worker(queueName, async (job) => processJob(job), { connection, concurrency });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
    return {
      module: BullmqBenchModule,
      providers: [
        { provide: JOBS_QUEUE, useValue: queue },
        { provide: JOBS_QUEUE_EVENTS, useValue: events },
        { provide: JOBS_WORKER, useValue: worker },
        { provide: BullmqLifecycle, useValue: new BullmqLifecycle([worker, events, queue]) },
        JobsGateway,
      ],
    };
  }
}
