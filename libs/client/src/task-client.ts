import type { Socket } from 'socket.io-client';
import {
  ErrorCodes,
  TaskEvents,
  type AnyTaskMap,
  type CancelAck,
  type ListAck,
  type RunRequest,
  type TaskArgs,
  type TaskInfo,
  type TaskMap,
  type TaskName,
  type TaskResult,
  type TaskResultType,
} from '@taskgate/protocol';
import type { ConnectionState, ConnectionStateListener } from './connection/connection.state.js';
import { SocketConnection } from './connection/socket.connection.js';
import { createIdSource } from './random-id.js';
import { PendingRun } from './runs/pending-run.js';
import { RunManager } from './runs/run.manager.js';
import type { RunOptions } from './runs/run.options.js';
import { streamRun, type TaskStreamEvent } from './runs/run.stream.js';
import {
  abortedMessage,
  clientClosedMessage,
  closedWhilePendingMessage,
  duplicatePendingIdMessage,
  noResultMessage,
} from './task-client.messages.js';
import { resolveClientOptions, type ResolvedTaskClientOptions, type TaskClientOptions } from './task-client.options.js';

export type { ConnectionState } from './connection/connection.state.js';
export type { RunOptions } from './runs/run.options.js';
export type { TaskStreamEvent } from './runs/run.stream.js';

/**
 * A connection to a Taskgate server, for any UI: browser or Node. Each call is
 * routed back to its own callback, promise or stream by task id, exactly once,
 * across reconnects.
 *
 * `M` is the server's task map (see `TasksOf` in `@taskgate/protocol`): with it,
 * task names, args and results are type-checked.
 *
 * @example
 * ```ts
 * const client = new TaskClient<Tasks>({ url: 'http://127.0.0.1:3000' });
 * const result = await client.run('add', { a: 1, b: 2 });
 * if (result.status === 'succeeded') console.log(result.result); // 3
 * ```
 */
export class TaskClient<M extends TaskMap = AnyTaskMap> {
  /** The stable id results are addressed to. */
  readonly clientId: string;
  private readonly options: ResolvedTaskClientOptions;
  private readonly connection: SocketConnection;
  private readonly runs: RunManager;
  private readonly nextId = createIdSource();

  /** @throws TypeError or RangeError naming the first invalid option. */
  constructor(options: TaskClientOptions) {
    this.options = resolveClientOptions(options);
    this.clientId = this.options.clientId;
    const events = {
      connected: () => this.runs.connected(),
      disconnected: () => this.runs.disconnected(),
      ended: (error: Parameters<RunManager['ended']>[0]) => this.runs.ended(error),
    };
    this.connection = new SocketConnection(this.options, events);
    this.runs = new RunManager(this.options, this.connection);
    if (this.options.autoConnect) this.connection.open();
  }

  /** Current connection state: `connected` only while data flows. */
  get state(): ConnectionState {
    return this.connection.states.state;
  }

  /** Runs waiting for their result. */
  get pendingCount(): number {
    return this.runs.size;
  }

  /** Listens to connection state changes; returns a function that stops listening. */
  onStateChange(listener: ConnectionStateListener): () => void {
    return this.connection.states.listen(listener);
  }

  /**
   * Starts a task; `callback` receives its result once. Returns the task id.
   * The seed's `send_data(name, args, callback)`.
   *
   * @throws TypeError when `options.id` is already pending on this client.
   */
  call<K extends TaskName<M>>(
    name: K,
    args: TaskArgs<M, K>,
    callback: (result: TaskResult<TaskResultType<M, K>>) => void,
    options: RunOptions = {},
  ): string {
    const id = options.id ?? this.nextId();
    if (this.runs.has(id)) throw new TypeError(duplicatePendingIdMessage(id));
    const request: RunRequest = { id, task: name, ackResult: true };
    if (args !== undefined) request.args = args;
    if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
    const run = new PendingRun(request, callback as (result: TaskResult) => void, options.onProgress as PendingRun['onProgress']);
    if (this.connection.isClosed) {
      run.settle(run.failure('cancelled', { code: ErrorCodes.CANCELLED, message: clientClosedMessage() }));
      return id;
    }
    this.runs.start(run);
    this.watch(run, options);
    return id;
  }

  /** Starts a task and resolves to its result (never rejects: failures are results too). */
  run<K extends TaskName<M>>(name: K, args: TaskArgs<M, K>, options?: RunOptions): Promise<TaskResult<TaskResultType<M, K>>> {
    return new Promise((resolve) => this.call(name, args, resolve, options));
  }

  /** Starts a task and yields its progress events, then its result; leaving the loop early cancels the run. */
  stream<K extends TaskName<M>>(
    name: K,
    args: TaskArgs<M, K>,
    options: Omit<RunOptions, 'onProgress'> = {},
  ): AsyncGenerator<TaskStreamEvent<TaskResultType<M, K>>, void, undefined> {
    return streamRun<TaskResultType<M, K>>(
      (onResult, onProgress) => this.call(name, args, onResult, { ...options, onProgress }),
      (id) => void this.cancel(id).catch(() => undefined),
    );
  }

  /**
   * Asks the server to cancel a run; the run's result then arrives as `cancelled`. Resolves
   * false when the server does not know the id; rejects when no answer comes in time.
   */
  async cancel(id: string): Promise<boolean> {
    const ack = await this.connection.request<CancelAck>(TaskEvents.Cancel, { id }, this.options.requestTimeoutMs);
    return ack.ok;
  }

  /** The tasks the server offers (rejects on close, a refusal, or no answer in `requestTimeoutMs`). */
  async list(): Promise<TaskInfo[]> {
    const ack = await this.connection.request<ListAck>(TaskEvents.List, {}, this.options.requestTimeoutMs);
    if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
    return ack.tasks;
  }

  /** Closes the connection; every pending run ends `cancelled`. */
  close(): void {
    if (this.connection.isClosed) return;
    this.runs.failAll({ code: ErrorCodes.CANCELLED, message: closedWhilePendingMessage() }, 'cancelled');
    this.connection.close();
  }

  /**
   * The socket.io socket. Not public API: end-to-end specs of the server cut its transport the
   * way a network would (`socket.io.engine.close()`).
   *
   * @internal
   */
  private get socket(): Socket {
    return this.connection.socket;
  }

  /** The run's client-side timeout and its `AbortSignal`. */
  private watch(run: PendingRun, options: RunOptions): void {
    const { signal, timeoutMs } = options;
    if (timeoutMs !== undefined && !run.settled) {
      run.resultTimer = setTimeout(
        () => this.runs.fail(run, { code: ErrorCodes.TIMEOUT, message: noResultMessage(timeoutMs) }, 'timed_out'),
        timeoutMs + this.options.resultGraceMs,
      );
    }
    if (!signal || run.settled) return;
    const onAbort = () => this.runs.abort(run, { code: ErrorCodes.CANCELLED, message: abortedMessage() });
    if (signal.aborted) return void queueMicrotask(onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
    run.detach = () => signal.removeEventListener('abort', onAbort);
  }
}
