import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { TaskClient } from '@taskgate/client';
import {
  JOB_ADD,
  JOB_DONE,
  JOBS_NAMESPACE,
  RAW_CALL,
  RAW_NAMESPACE,
  RAW_REQUEST,
  RAW_RESPONSE,
  RAW_RESULT,
  RAW_RUN,
  type BenchReply,
  type Target,
} from './bench-wire.js';

/** One client connection of a contender, able to run a named task. */
export interface RpcClient {
  /** Resolves once connected; rejects on a refused or timed out connection. */
  readonly connected: Promise<void>;
  /** Runs `task` with `args`; `done(failed)` once it ends. */
  call(task: string, args: unknown, done: (failed: boolean) => void): void;
  close(): void;
}

/** Every client opens its own connection over WebSocket, without reconnecting, as a real user does. */
const SOCKET_OPTIONS: Partial<ManagerOptions & SocketOptions> = { transports: ['websocket'], forceNew: true, reconnection: false };

function whenConnected(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => (clearTimeout(timer), resolve()));
    socket.once('connect_error', (error) => (clearTimeout(timer), reject(error)));
  });
}

/** Raw socket.io, the answer in the acknowledgement. */
function rawAckClient(url: string, timeoutMs: number): RpcClient {
  const socket = io(new URL(RAW_NAMESPACE, url).href, SOCKET_OPTIONS);
  let next = 0;
  return {
    connected: whenConnected(socket, timeoutMs),
    call(task, args, done) {
      socket.emit(RAW_CALL, { id: String(++next), task, args }, (reply: BenchReply) => done(reply?.error !== undefined));
    },
    close: () => void socket.disconnect(),
  };
}

/** Raw socket.io, a request event answered by a response event, matched by id. */
function rawEventClient(url: string, timeoutMs: number): RpcClient {
  const socket = io(new URL(RAW_NAMESPACE, url).href, SOCKET_OPTIONS);
  const pending = new Map<string, (failed: boolean) => void>();
  let next = 0;
  socket.on(RAW_RESPONSE, (reply: BenchReply) => {
    const done = pending.get(reply.id);
    pending.delete(reply.id);
    done?.(reply.error !== undefined);
  });
  return {
    connected: whenConnected(socket, timeoutMs),
    call(task, args, done) {
      const id = String(++next);
      pending.set(id, done);
      socket.emit(RAW_REQUEST, { id, task, args });
    },
    close: () => void socket.disconnect(),
  };
}

/** Taskgate's wire on raw socket.io: an acknowledged run, then a result event matched by id. */
function rawTwoStepClient(url: string, timeoutMs: number): RpcClient {
  const socket = io(new URL(RAW_NAMESPACE, url).href, SOCKET_OPTIONS);
  const pending = new Map<string, (failed: boolean) => void>();
  let next = 0;
  socket.on(RAW_RESULT, (result: { id: string; status: string }) => {
    const done = pending.get(result.id);
    pending.delete(result.id);
    done?.(result.status !== 'succeeded');
  });
  return {
    connected: whenConnected(socket, timeoutMs),
    call(task, args, done) {
      const id = String(++next);
      pending.set(id, done);
      socket.emit(RAW_RUN, { id, task, args }, (ack: { ok: boolean }) => {
        if (ack?.ok) return;
        pending.delete(id);
        done(true);
      });
    },
    close: () => void socket.disconnect(),
  };
}

/** The socket.io + BullMQ gateway: add acknowledged, result pushed on the job's completion. */
function bullmqClient(url: string, timeoutMs: number): RpcClient {
  const socket = io(new URL(JOBS_NAMESPACE, url).href, SOCKET_OPTIONS);
  const pending = new Map<string, (failed: boolean) => void>();
  let next = 0;
  const settle = (id: string, failed: boolean) => {
    const done = pending.get(id);
    pending.delete(id);
    done?.(failed);
  };
  socket.on(JOB_DONE, (reply: BenchReply) => settle(reply.id, reply.error !== undefined));
  return {
    connected: whenConnected(socket, timeoutMs),
    call(task, args, done) {
      const id = String(++next);
      pending.set(id, done);
      socket.emit(JOB_ADD, { id, task, args }, (ack: { ok: boolean }) => {
        if (!ack?.ok) settle(id, true);
      });
    },
    close: () => void socket.disconnect(),
  };
}

/** Taskgate through its real client. */
function taskgateClient(url: string, timeoutMs: number): RpcClient {
  const client = new TaskClient({ url, socket: SOCKET_OPTIONS });
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    const stop = client.onStateChange((state, detail) => {
      if (state !== 'connected' && state !== 'disconnected' && !detail?.error) return;
      clearTimeout(timer);
      stop();
      if (state === 'connected') resolve();
      else reject(new Error(detail?.error?.message ?? state));
    });
  });
  return {
    connected,
    call(task, args, done) {
      client.call(task, args, (result) => done(result.status !== 'succeeded'));
    },
    close: () => client.close(),
  };
}

const factories: Record<Target, (url: string, timeoutMs: number) => RpcClient> = {
  'raw-ack': rawAckClient,
  'raw-event': rawEventClient,
  'raw-twostep': rawTwoStepClient,
  'nest-ack': rawAckClient,
  bullmq: bullmqClient,
  taskgate: taskgateClient,
};

/** Opens one client of `target` to the server at `url`. */
export function createRpcClient(target: Target, url: string, timeoutMs = 20_000): RpcClient {
  const factory = factories[target];
  if (!factory) throw new TypeError(`unknown target ${target}`);
  return factory(url, timeoutMs);
}
