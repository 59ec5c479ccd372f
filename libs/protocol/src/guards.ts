import type { CancelRequest, ResumeRequest, RunRequest, TaskError } from './envelopes.js';
import { ErrorCodes } from './error-codes.js';

/** Syntax of a task id and of a client id: 1 to 64 characters of `[A-Za-z0-9_-]`. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Longest task name accepted on the wire. */
export const MAX_TASK_NAME_LENGTH = 128;

/** Most ids one `task:resume` may name. */
export const MAX_RESUME_IDS = 1000;

/** Largest `timeoutMs` accepted (the largest delay a timer can hold). */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Longest `tracestate` kept (what the W3C recommendation asks every vendor to propagate). */
export const MAX_TRACESTATE_LENGTH = 512;

/**
 * A W3C `traceparent`: version, trace id, parent span id and flags in lower-case hex. Version
 * `00` has exactly these four fields; a later version may add more after a dash.
 */
const TRACEPARENT_PATTERN = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * True for a `traceparent` a server can continue: a known layout, not version `ff`, and trace
 * and span ids that are not all zeros.
 */
export function isValidTraceparent(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TRACEPARENT_PATTERN.exec(value);
  if (!match) return false;
  const [, version, traceId, spanId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return false;
  return !/^0+$/.test(traceId!) && !/^0+$/.test(spanId!);
}

/** Outcome of parsing an inbound envelope: the typed value, or a `BAD_REQUEST` error. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: TaskError };

/** True when `value` is a valid task or client id. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(message: string): { ok: false; error: TaskError } {
  return { ok: false, error: { code: ErrorCodes.BAD_REQUEST, message } };
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Validates a `task:run` payload. Extra fields are ignored. */
export function parseRunRequest(input: unknown): Parsed<RunRequest> {
  if (!isRecord(input)) return bad('task:run expects an object { id, task, args?, timeoutMs? }');
  const { id, task, timeoutMs, ackResult } = input;
  if (!isValidId(id)) return bad('id must be 1-64 characters of [A-Za-z0-9_-]');
  if (typeof task !== 'string' || task.length === 0 || task.length > MAX_TASK_NAME_LENGTH) {
    return bad(`task must be a non-empty string of at most ${MAX_TASK_NAME_LENGTH} characters`);
  }
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS)
  ) {
    return bad(`timeoutMs must be a positive integer of at most ${MAX_TIMEOUT_MS}`);
  }
  if (ackResult !== undefined && typeof ackResult !== 'boolean') return bad('ackResult must be a boolean');
  const { traceparent, tracestate } = input;
  if (traceparent !== undefined && typeof traceparent !== 'string') return bad('traceparent must be a string');
  if (tracestate !== undefined && typeof tracestate !== 'string') return bad('tracestate must be a string');
  const value: RunRequest = { id, task };
  if (hasOwn(input, 'args')) value.args = input['args'];
  if (timeoutMs !== undefined) value.timeoutMs = timeoutMs;
  if (ackResult === true) value.ackResult = true;
  // Trace context the server cannot continue is ignored, not refused: tracing never fails a run.
  if (traceparent !== undefined && isValidTraceparent(traceparent)) {
    value.traceparent = traceparent;
    if (tracestate !== undefined && tracestate.length <= MAX_TRACESTATE_LENGTH) value.tracestate = tracestate;
  }
  return { ok: true, value };
}

/** Validates a `task:cancel` payload. */
export function parseCancelRequest(input: unknown): Parsed<CancelRequest> {
  if (!isRecord(input) || !isValidId(input['id'])) return bad('task:cancel expects { id } with a valid id');
  return { ok: true, value: { id: input['id'] } };
}

/** Validates a `task:resume` payload. */
export function parseResumeRequest(input: unknown): Parsed<ResumeRequest> {
  if (!isRecord(input) || !Array.isArray(input['ids'])) return bad('task:resume expects { ids: string[] }');
  const ids = input['ids'] as unknown[];
  if (ids.length > MAX_RESUME_IDS) return bad(`task:resume accepts at most ${MAX_RESUME_IDS} ids`);
  if (!ids.every(isValidId)) return bad('every id must be 1-64 characters of [A-Za-z0-9_-]');
  return { ok: true, value: { ids: ids as string[] } };
}
