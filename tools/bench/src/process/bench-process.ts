import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { IpcReply, IpcRequest } from './ipc-messages.js';

/** Every child still running, so that the bench never leaves one behind. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});

/** A child died before it was ready (rather than reporting a failure or timing out). */
class ChildExitedError extends Error {}

export interface StartOptions {
  /** Extra arguments for node, such as `--expose-gc`. */
  execArgv?: string[];
  env?: Record<string, string>;
  /** Longest wait for the child's `ready`. Default 30 s. */
  startTimeoutMs?: number;
}

/**
 * A bench child process (a server, a load generator...) seen from the
 * orchestrator: requests answered over IPC, every wait bounded in time.
 */
export class BenchProcess<Info = unknown> {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  private exited: Promise<void>;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    readonly info: Info,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: IpcReply) => {
      if (!('seq' in message)) return;
      const pending = this.waiting.get(message.seq);
      if (!pending) return;
      this.waiting.delete(message.seq);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(`${label}: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      for (const pending of this.waiting.values()) {
        clearTimeout(pending.timer);
        pending.reject(new Error(`${label} exited (${signal ?? code}) before answering`));
      }
      this.waiting.clear();
    });
  }

  /**
   * Starts `dist/children/<entry>.js` and resolves once it reports ready. A child
   * that exits while starting is started once more after a pause (another
   * build rewriting a library's dist/ can fail a start); a second failure rejects.
   */
  static async start<Info>(entry: string, label: string, args: unknown, options: StartOptions = {}): Promise<BenchProcess<Info>> {
    try {
      return await BenchProcess.startOnce<Info>(entry, label, args, options);
    } catch (error) {
      if (!(error instanceof ChildExitedError)) throw error;
      process.stderr.write(`  [${label}] exited while starting; retrying once in 3 s\n`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return BenchProcess.startOnce<Info>(entry, label, args, options);
    }
  }

  private static startOnce<Info>(entry: string, label: string, args: unknown, options: StartOptions): Promise<BenchProcess<Info>> {
    const child = fork(join(__dirname, '..', 'children', `${entry}.js`), [JSON.stringify(args)], {
      execArgv: options.execArgv ?? [],
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) process.stderr.write(`  [${label}] ${line}\n`);
    });
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        fail(new Error(`${label} not ready within ${timeoutMs} ms`));
        child.kill('SIGKILL');
      }, timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        reject(error);
      };
      const onMessage = (message: IpcReply) => {
        if ('ready' in message) {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(new BenchProcess<Info>(label, child, message.info as Info));
        } else if ('failed' in message) {
          fail(new Error(`${label} failed to start: ${message.failed}`));
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) => fail(new ChildExitedError(`${label} exited (${signal ?? code}) while starting`)));
    });
  }

  /** Asks the child to run handler `type`; rejects after `timeoutMs`. */
  request<T>(type: string, payload?: unknown, timeoutMs = 60_000): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        reject(new Error(`${this.label}: no answer to ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(seq, { resolve: resolve as (value: unknown) => void, reject, timer });
      const request: IpcRequest = { seq, type, payload };
      this.child.send(request);
    });
  }

  /** Asks the child to exit; kills it if it has not within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send({ seq: 0, type: 'exit' } satisfies IpcRequest);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Stops every process given, in parallel, ignoring those already gone. */
export async function stopAll(processes: Array<BenchProcess<unknown> | undefined>): Promise<void> {
  await Promise.all(processes.map((child) => child?.stop()));
}

/**
 * Starts processes together; if any fails to start, stops those that did and
 * rethrows, so that a failed start leaves nothing running.
 */
export async function startTogether<T extends unknown[]>(...starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) {
    await stopAll(
      settled.map((outcome) => (outcome.status === 'fulfilled' && outcome.value instanceof BenchProcess ? outcome.value : undefined)),
    );
    throw failure.reason;
  }
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
