import { io, type Socket } from 'socket.io-client';
import {
  DEFAULT_NAMESPACE,
  ErrorCodes,
  TaskEvents,
  isValidId,
  unfoldResult,
  type AnyTaskMap,
  type CancelAck,
  type ListAck,
  type ProgressEvent,
  type ResumeAck,
  type RunAck,
  type RunRequest,
  type TaskArgs,
  type TaskError,
  type TaskInfo,
  type TaskMap,
  type TaskName,
  type TaskResult,
  type TaskResultType,
} from '@taskgate/protocol';
import { PendingRun } from './pending-run.js';
import { createIdSource, randomId } from './random-id.js';
import type { TaskClientOptions } from './task-client.options.js';

/** Connection state of a {@link TaskClient}. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Options of one run. */
export interface RunOptions<D = unknown> {
  /** Aborting it cancels the run: the result is `cancelled` at once and the server is told. */
  signal?: AbortSignal;
  /** Longest run time in ms; the server applies the smaller of this and the task's own timeout. */
  timeoutMs?: number;
  /** Called with each progress event of the run. */
  onProgress?: (event: ProgressEvent<D>) => void;
  /** Use this id instead of a generated one (1-64 characters of `[A-Za-z0-9_-]`, unique per client). */
  id?: string;
}

/** What {@link TaskClient.stream} yields: progress events, then the result. */
export type TaskStreamEvent<R> = { type: 'progress'; event: ProgressEvent } | { type: 'result'; result: TaskResult<R> };

type Listener = (state: ConnectionState, detail?: { error?: TaskError }) => void;

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
  private readonly socket: Socket;
  private readonly pending = new Map<string, PendingRun>();
  private readonly listeners = new Set<Listener>();
  private readonly nextId = createIdSource();
  private readonly resultGraceMs: number;
  private readonly requestTimeoutMs: number;
  private readonly closeWaiters = new Set<() => void>();
  private currentState: ConnectionState = 'connecting';
  private closed = false;

  constructor(options: TaskClientOptions) {
    if (typeof options?.url !== 'string') throw new TypeError('TaskClient option "url" must be a string');
    if (options.clientId !== undefined && !isValidId(options.clientId)) {
      throw new TypeError('TaskClient option "clientId" must be 1-64 characters of [A-Za-z0-9_-]');
    }
    this.clientId = options.clientId ?? randomId();
    this.resultGraceMs = options.resultGraceMs ?? 5_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.socket = io(new URL(namespace, options.url).href, {
      ...options.socket,
      autoConnect: false,
      auth: { ...options.auth, clientId: this.clientId },
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (error: Error & { data?: TaskError }) => this.onConnectError(error));
    this.socket.on(TaskEvents.Result, (result: TaskResult) => this.pending.get(result?.id)?.settle(result) && this.forget(result.id));
    this.socket.on(TaskEvents.Progress, (event: ProgressEvent) => this.onProgress(event));
    if (options.autoConnect !== false) this.socket.connect();
  }

  /** Current connection state. */
  get state(): ConnectionState {
    return this.currentState;
  }

  /** Runs waiting for their result. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Listens to connection state changes; returns a function that stops listening. */
  onStateChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a task; `callback` receives its result once. Returns the task id.
   * The seed's `send_data(name, args, callback)`.
   */
  call<K extends TaskName<M>>(
    name: K,
    args: TaskArgs<M, K>,
    callback: (result: TaskResult<TaskResultType<M, K>>) => void,
    options: RunOptions = {},
  ): string {
    const id = options.id ?? this.nextId();
    if (this.pending.has(id)) throw new TypeError(`Task id "${id}" is already pending on this client`);
    const request: RunRequest = { id, task: name, ackResult: true };
    if (args !== undefined) request.args = args;
    if (options.timeoutMs !== undefined) request.timeoutMs = options.timeoutMs;
    const run = new PendingRun(request, callback as (result: TaskResult) => void, options.onProgress as PendingRun['onProgress']);
    if (this.closed) {
      run.fail('cancelled', { code: ErrorCodes.CANCELLED, message: 'The client is closed' });
      return id;
    }
    this.pending.set(id, run);
    this.watch(run, options);
    this.send(run);
    return id;
  }

  /** Starts a task and resolves to its result (never rejects: failures are results too). */
  run<K extends TaskName<M>>(name: K, args: TaskArgs<M, K>, options?: RunOptions): Promise<TaskResult<TaskResultType<M, K>>> {
    return new Promise((resolve) => this.call(name, args, resolve, options));
  }

  /** Starts a task and yields its progress events, then its result. */
  async *stream<K extends TaskName<M>>(name: K, args: TaskArgs<M, K>, options: Omit<RunOptions, 'onProgress'> = {}): AsyncGenerator<TaskStreamEvent<TaskResultType<M, K>>, void, undefined> {
    const buffer: Array<TaskStreamEvent<TaskResultType<M, K>>> = [];
    let wake: (() => void) | undefined;
    let done = false;
    const push = (event: TaskStreamEvent<TaskResultType<M, K>>) => {
      buffer.push(event);
      wake?.();
    };
    const id = this.call(name, args, (result) => ((done = true), push({ type: 'result', result })), {
      ...options,
      onProgress: (event) => push({ type: 'progress', event }),
    });
    try {
      for (;;) {
        while (buffer.length > 0) {
          const event = buffer.shift()!;
          yield event;
          if (event.type === 'result') return;
        }
        if (done && buffer.length === 0) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      if (!done) void this.cancel(id);
    }
  }

  /**
   * Asks the server to cancel a run; the run's result then arrives as `cancelled`. Resolves
   * false when the server does not know the id; rejects when no answer comes in time.
   */
  async cancel(id: string): Promise<boolean> {
    const ack = await this.request<CancelAck>(TaskEvents.Cancel, { id });
    return ack.ok;
  }

  /** The tasks the server offers (rejects on close, a refusal, or no answer in `requestTimeoutMs`). */
  async list(): Promise<TaskInfo[]> {
    const ack = await this.request<ListAck>(TaskEvents.List, {});
    if (!ack.ok) throw Object.assign(new Error(ack.error.message), { code: ack.error.code });
    return ack.tasks;
  }

  /** Closes the connection; every pending run ends `cancelled`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const run of [...this.pending.values()]) run.fail('cancelled', { code: ErrorCodes.CANCELLED, message: 'The client was closed' });
    this.pending.clear();
    for (const waiter of [...this.closeWaiters]) waiter();
    this.socket.disconnect();
    this.setState('disconnected');
  }

  private send(run: PendingRun): void {
    if (!this.socket.connected) {
      if (!this.socket.active && !this.closed) this.socket.connect();
      return;
    }
    run.inFlight = true;
    this.socket.emit(TaskEvents.Run, run.request, (ack: RunAck) => {
      run.inFlight = false;
      if (!ack.ok) {
        if (run.fail('failed', ack.error)) this.forget(run.id);
      } else if (ack.result) {
        if (run.settle(unfoldResult(run.id, run.request.task, ack.result))) this.forget(run.id);
      } else {
        run.acked = true;
      }
    });
  }

  private watch(run: PendingRun, options: RunOptions): void {
    const { signal, timeoutMs } = options;
    if (timeoutMs !== undefined) {
      run.timer = setTimeout(() => {
        if (run.fail('timed_out', { code: ErrorCodes.TIMEOUT, message: `No result within ${timeoutMs} ms` })) this.forget(run.id);
      }, timeoutMs + this.resultGraceMs);
    }
    if (!signal) return;
    const onAbort = () => {
      if (run.fail('cancelled', { code: ErrorCodes.CANCELLED, message: 'The run was aborted by its caller' })) {
        this.forget(run.id);
        if (run.acked || run.inFlight) this.socket.emit(TaskEvents.Cancel, { id: run.id });
      }
    };
    if (signal.aborted) return void queueMicrotask(onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
    run.detach = () => signal.removeEventListener('abort', onAbort);
  }

  private forget(id: string): void {
    this.pending.delete(id);
  }

  private onProgress(event: ProgressEvent): void {
    const run = this.pending.get(event?.id);
    if (run && !run.settled) run.onProgress?.(event);
  }

  private onConnect(): void {
    this.setState('connected');
    const resume: string[] = [];
    for (const run of this.pending.values()) {
      if (run.acked) resume.push(run.id);
      else this.send(run);
    }
    if (resume.length > 0) void this.resume(resume);
  }

  /** After a reconnect: fetch what finished while away, mark what the server no longer knows as lost. */
  private async resume(ids: string[]): Promise<void> {
    const ack = await this.request<ResumeAck>(TaskEvents.Resume, { ids }).catch(() => undefined);
    if (!ack?.ok) return;
    for (const result of ack.results) if (this.pending.get(result.id)?.settle(result)) this.forget(result.id);
    for (const id of ack.unknown) {
      const run = this.pending.get(id);
      if (run?.fail('failed', { code: ErrorCodes.LOST, message: 'The server no longer knows this run (it restarted or dropped the result)' })) this.forget(id);
    }
  }

  private onDisconnect(reason: string): void {
    for (const run of this.pending.values()) run.inFlight = false;
    if (this.closed) return;
    // The server closed this socket on purpose: socket.io will not reconnect by itself.
    if (reason === 'io server disconnect') this.socket.connect();
    this.setState('reconnecting');
  }

  private onConnectError(error: Error & { data?: TaskError }): void {
    if (this.socket.active) {
      this.setState('reconnecting', error.data ? { error: error.data } : undefined);
      return;
    }
    // Refused by the server's middleware (bad credentials, origin...): no retry; pending runs fail with its code.
    const reason: TaskError = error.data ?? { code: ErrorCodes.UNAUTHORIZED, message: error.message };
    for (const run of [...this.pending.values()]) if (run.fail('failed', reason)) this.forget(run.id);
    this.setState('disconnected', { error: reason });
  }

  private setState(state: ConnectionState, detail?: { error?: TaskError }): void {
    if (state === this.currentState && !detail) return;
    this.currentState = state;
    for (const listener of this.listeners) listener(state, detail);
  }

  /** Sends a request with an ack once connected; rejects on close or after `requestTimeoutMs`. */
  private async request<T extends { ok: boolean }>(event: string, payload: unknown): Promise<T> {
    if (this.closed) throw new Error('The client is closed');
    const deadline = Date.now() + this.requestTimeoutMs;
    if (!this.socket.connected) {
      if (!this.socket.active) this.socket.connect();
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          this.socket.off('connect', onConnect);
          this.closeWaiters.delete(onClose);
          if (error) reject(error);
          else resolve();
        };
        const onConnect = () => done();
        const onClose = () => done(new Error('The client is closed'));
        const timer = setTimeout(() => done(new Error(`Not connected within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
        this.socket.once('connect', onConnect);
        this.closeWaiters.add(onClose);
      });
    }
    return (await this.socket.timeout(Math.max(deadline - Date.now(), 1)).emitWithAck(event, payload)) as T;
  }
}
