import type { ErrorCode } from './error-codes.js';
import type { TaskMode, TerminalStatus } from './task-status.js';

/** One reason why arguments were rejected: where (a path into the args) and why. */
export interface ValidationIssue {
  /** Path into the args object, for example `['items', 0, 'name']`. Empty for the args as a whole. */
  path: Array<string | number>;
  /** Human-readable reason. */
  message: string;
}

/** The error part of a failed acknowledgement or result. */
export interface TaskError {
  /** Stable code, one of `ErrorCodes`. */
  code: ErrorCode;
  /** Human-readable message. Never a stack trace unless the server runs with its debug option. */
  message: string;
  /** For `INVALID_ARGS`: each rejected field. */
  issues?: ValidationIssue[];
}

/** `task:run` payload: start task `task` with `args` under the caller-chosen `id`. */
export interface RunRequest<A = unknown> {
  /** 1 to 64 characters of `[A-Za-z0-9_-]`, unique per client. */
  id: string;
  /** Name of a declared task. */
  task: string;
  /** The task's arguments, anything socket.io can serialize. */
  args?: A;
  /** Upper bound on the run time in ms; the server applies the smaller of this and the task's own. */
  timeoutMs?: number;
  /**
   * The client accepts the result in the ack: when the task finishes before the ack is sent
   * (a quick inline task), the ack carries `result` and no `task:result` is sent to this socket.
   */
  ackResult?: boolean;
}

/**
 * Acknowledgement of `task:run`: accepted (the result follows as `task:result`, or is already
 * in `result` when the request asked for `ackResult`) or refused.
 */
export type RunAck = { ok: true; id: string; result?: FoldedResult } | { ok: false; id?: string; error: TaskError };

/**
 * A {@link TaskResult} carried in its run's ack (`ackResult`), without what the caller already
 * has: `id` and `task` (those of its request) and `finishedAt` (`startedAt + durationMs`).
 * `unfoldResult` rebuilds the full result.
 */
export type FoldedResult<R = unknown> =
  | { status: 'succeeded'; result: R; startedAt: number; durationMs: number }
  | { status: Exclude<TerminalStatus, 'succeeded'>; error: TaskError; startedAt: number; durationMs: number };

/** `task:progress` payload. */
export interface ProgressEvent<D = unknown> {
  id: string;
  task: string;
  /** Fraction done, 0 to 1. */
  progress: number;
  message?: string;
  data?: D;
}

interface ResultTimes {
  id: string;
  task: string;
  /** Epoch ms at which the task started running (or finished, if it never started). */
  startedAt: number;
  /** Epoch ms at which the task finished. */
  finishedAt: number;
  /** `finishedAt - startedAt`. */
  durationMs: number;
}

/** A task that returned a value. */
export interface SucceededResult<R = unknown> extends ResultTimes {
  status: 'succeeded';
  result: R;
}

/** A task that did not return a value: it threw, was cancelled, timed out or was refused. */
export interface UnsuccessfulResult extends ResultTimes {
  status: Exclude<TerminalStatus, 'succeeded'>;
  error: TaskError;
}

/**
 * `task:result` payload, the one terminal outcome of a task. Narrow on `status`
 * before reading `result`.
 */
export type TaskResult<R = unknown> = SucceededResult<R> | UnsuccessfulResult;

/** `task:cancel` payload. */
export interface CancelRequest {
  id: string;
}

/** Acknowledgement of `task:cancel`. */
export type CancelAck = { ok: true } | { ok: false; error: TaskError };

/** A callable task as listed by `task:list`. */
export interface TaskInfo {
  name: string;
  mode: TaskMode;
  timeoutMs?: number;
  description?: string;
}

/** Acknowledgement of `task:list`. */
export type ListAck = { ok: true; tasks: TaskInfo[] } | { ok: false; error: TaskError };

/** `task:resume` payload: the ids the client still waits for. */
export interface ResumeRequest {
  ids: string[];
}

/**
 * Acknowledgement of `task:resume`: finished results are included, running ids
 * will get their `task:result` event, unknown ids are lost.
 */
export type ResumeAck = { ok: true; results: TaskResult[]; running: string[]; unknown: string[] } | { ok: false; error: TaskError };

/** What a client sends in the socket.io handshake `auth` object. */
export interface HandshakeAuth {
  /** Stable id of the client across reconnects; same syntax as a task id. */
  clientId?: string;
  /** Credentials for the server's `authenticate` hook. */
  token?: string;
  [key: string]: unknown;
}
