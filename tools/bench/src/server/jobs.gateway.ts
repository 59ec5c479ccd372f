import { Inject, type OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Queue, QueueEvents } from 'bullmq';
import type { Socket } from 'socket.io';
import { JOB_ADD, JOB_DONE, JOBS_NAMESPACE, type BenchReply, type BenchRequest } from '../load/bench-wire.js';

export const JOBS_QUEUE = Symbol('JOBS_QUEUE');
export const JOBS_QUEUE_EVENTS = Symbol('JOBS_QUEUE_EVENTS');

interface Route {
  socket: Socket;
  id: string;
}

/**
 * The gateway a NestJS user writes today to run work in the background: each
 * request becomes a BullMQ job; the result goes back to the caller when the
 * queue's `completed` event arrives.
 */
@WebSocketGateway({ namespace: JOBS_NAMESPACE, serveClient: false })
export class JobsGateway implements OnModuleInit {
  private readonly routes = new Map<string, Route>();
  /** Completions that arrived before `add()` resolved with the job id. */
  private readonly early = new Map<string, BenchReply>();

  constructor(
    @Inject(JOBS_QUEUE) private readonly queue: Queue,
    @Inject(JOBS_QUEUE_EVENTS) private readonly events: QueueEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('completed', ({ jobId, returnvalue }) => this.deliver(jobId, { id: '', result: returnvalue }));
    this.events.on('failed', ({ jobId, failedReason }) => this.deliver(jobId, { id: '', error: failedReason }));
  }

  @SubscribeMessage(JOB_ADD)
  async add(@MessageBody() request: BenchRequest, @ConnectedSocket() socket: Socket): Promise<{ ok: boolean; id: string }> {
    const job = await this.queue.add(request.task, request.args ?? null, { removeOnComplete: true, removeOnFail: true });
    const route = { socket, id: request.id };
    const early = this.early.get(job.id!);
    if (early) {
      this.early.delete(job.id!);
      socket.emit(JOB_DONE, { ...early, id: request.id });
    } else {
      this.routes.set(job.id!, route);
    }
    return { ok: true, id: request.id };
  }

  private deliver(jobId: string, reply: BenchReply): void {
    const route = this.routes.get(jobId);
    if (!route) return void this.early.set(jobId, reply);
    this.routes.delete(jobId);
    route.socket.emit(JOB_DONE, { ...reply, id: route.id });
  }
}
