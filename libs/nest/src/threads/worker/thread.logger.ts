import type { LoggerService } from '@nestjs/common';
import { parentPort, threadId } from 'node:worker_threads';
import { inspect } from 'node:util';
import type { ThreadLogLevel, ThreadLogMessage } from '../thread.protocol.js';

/**
 * The logger of a worker's Nest context: it posts each record to the main
 * thread, which writes it with the application's own logger (same levels, same
 * format, silenced when the app is). While the context boots, only warnings and
 * errors pass, so workers do not repeat the app's start-up lines.
 */
export class ThreadLogger implements LoggerService {
  /** False once the worker's context has booted. */
  booting = true;

  log(message: unknown, ...params: unknown[]): void {
    this.post('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.post('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.post('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.post('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.post('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.post('fatal', message, params);
  }

  private post(level: ThreadLogLevel, message: unknown, params: unknown[]): void {
    if (this.booting && level !== 'error' && level !== 'warn' && level !== 'fatal') return;
    const record: ThreadLogMessage = {
      taskgateLog: {
        level,
        message: `[thread ${threadId}] ${text(message)}`,
        params: params.map((param) => (param === undefined ? undefined : text(param))),
      },
    };
    parentPort?.postMessage(record);
  }
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  return inspect(value, { depth: 4, breakLength: Infinity });
}
