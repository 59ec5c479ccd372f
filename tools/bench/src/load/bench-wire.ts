/**
 * The wire of the contenders that are not Taskgate: the raw socket.io floor and
 * the socket.io + BullMQ gateway. Shared by their servers and the load generator.
 */

/** Namespace of the raw socket.io server. */
export const RAW_NAMESPACE = '/rpc';
/** Raw RPC by acknowledgement: `emit(RAW_CALL, request, ack)`, `ack(reply)`. */
export const RAW_CALL = 'call';
/** Raw RPC by events: `emit(RAW_REQUEST, request)`, answered by `emit(RAW_RESPONSE, reply)`. */
export const RAW_REQUEST = 'request';
export const RAW_RESPONSE = 'response';

/**
 * Taskgate's wire on raw socket.io: `emit(RAW_RUN, request, ack)` is acknowledged
 * at once, then the result follows as a `RAW_RESULT` event shaped like a
 * Taskgate `task:result`. Two packets per call, as Taskgate sends.
 */
export const RAW_RUN = 'run';
export const RAW_RESULT = 'result';

/** Namespace of the socket.io + BullMQ gateway. */
export const JOBS_NAMESPACE = '/jobs';
/** `emit(JOB_ADD, request, ack)`: the gateway adds a job, acks, then emits `JOB_DONE` on the queue's `completed`. */
export const JOB_ADD = 'job:add';
export const JOB_DONE = 'job:done';

export interface BenchRequest {
  id: string;
  task: string;
  args?: unknown;
}

export interface BenchReply {
  id: string;
  result?: unknown;
  error?: string;
}

/** The contenders a load generator can drive over a socket (`nest-ack`: a plain Nest gateway, same wire as `raw-ack`). */
export type Target = 'raw-ack' | 'raw-event' | 'raw-twostep' | 'nest-ack' | 'taskgate' | 'bullmq';
