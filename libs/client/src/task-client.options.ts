import { DEFAULT_NAMESPACE, isValidId } from '@taskgate/protocol';
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { randomId } from './random-id.js';

/** How the client retries a refused or unanswered request (a rate-limited `task:run`, a `task:resume`). */
export interface RetryOptions {
  /** Retries after the first attempt, before the run ends `failed`. Default 5. */
  attempts?: number;
  /** Delay before the first retry, doubled at each next one (with ±25 % jitter). Default 250 ms. */
  delayMs?: number;
  /** Longest delay between two attempts. Default 5,000 ms. */
  maxDelayMs?: number;
}

/** The pace of what the client sends after a reconnect: runs made or left unacknowledged while away. */
export interface ResendRateOptions {
  /** Runs sent at most per `windowMs`. Default 500: half the server's default rate limit, room for the rest. */
  limit?: number;
  /** Default 1,000 ms. */
  windowMs?: number;
}

/** Options of {@link TaskClient}. */
export interface TaskClientOptions {
  /** Server URL, for example `http://127.0.0.1:3000`. In a page served by the task server, `location.origin`. */
  url: string;
  /** socket.io namespace of the gateway. Default `'/tasks'`. */
  namespace?: string;
  /**
   * Stable id of this client: results are addressed to it, so a reconnecting
   * client receives what finished while it was away. Default: a random id per
   * client instance. Persist it (for example in `sessionStorage`) to resume
   * across page reloads.
   */
  clientId?: string;
  /** Extra handshake credentials for the server's `authenticate` option (for example `{ token }`). */
  auth?: Record<string, unknown>;
  /**
   * When no result arrives this long after a run's own `timeoutMs`, the run ends
   * `timed_out` on the client. Default 5,000 ms.
   */
  resultGraceMs?: number;
  /**
   * How long one request waits for its answer: the ack of a `task:run` or `task:resume` (then it
   * is retried), and `list()` and `cancel()`, connection included (then they reject). Default 10,000 ms.
   */
  requestTimeoutMs?: number;
  /**
   * The connect deadline: a pending call that has waited this long without a connection (the
   * server unreachable at start, or gone since) ends `failed` with code `UNREACHABLE`.
   * `Infinity` waits for ever. Default 30,000 ms.
   */
  connectTimeoutMs?: number;
  /** Retries of refused (`RATE_LIMITED`...) or unanswered requests; see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Pace of the runs sent after a reconnect; see {@link ResendRateOptions}. */
  resendRate?: ResendRateOptions;
  /** Connect at once (default) or on the first call. */
  autoConnect?: boolean;
  /**
   * Passed to socket.io-client as they are (transports, reconnection delays, extra headers...).
   * Default transports: WebSocket first, long-polling when WebSocket cannot connect
   * (`transports: ['websocket', 'polling'], tryAllTransports: true`).
   */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

/** {@link TaskClientOptions} with every default applied: what the client's parts read. */
export interface ResolvedTaskClientOptions {
  url: string;
  namespace: string;
  clientId: string;
  auth: Record<string, unknown>;
  resultGraceMs: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  retry: Required<RetryOptions>;
  resendRate: Required<ResendRateOptions>;
  autoConnect: boolean;
  socket: Partial<ManagerOptions & SocketOptions>;
}

/** The defaults, in one place: the README's options table lists the same. */
export const CLIENT_DEFAULTS = {
  namespace: DEFAULT_NAMESPACE,
  resultGraceMs: 5_000,
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 30_000,
  retry: { attempts: 5, delayMs: 250, maxDelayMs: 5_000 },
  resendRate: { limit: 500, windowMs: 1_000 },
  socket: { transports: ['websocket', 'polling'], tryAllTransports: true },
} as const;

/** Validates `options` (a `TypeError` or `RangeError` naming the option) and applies the defaults. */
export function resolveClientOptions(options: TaskClientOptions): ResolvedTaskClientOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('TaskClient options must be an object');
  if (typeof options.url !== 'string') throw new TypeError('TaskClient option "url" must be a string');
  const namespace = options.namespace ?? CLIENT_DEFAULTS.namespace;
  if (typeof namespace !== 'string' || !namespace.startsWith('/'))
    throw new TypeError('TaskClient option "namespace" must be a string starting with "/"');
  if (options.clientId !== undefined && !isValidId(options.clientId)) {
    throw new TypeError('TaskClient option "clientId" must be 1-64 characters of [A-Za-z0-9_-]');
  }
  objectOption('auth', options.auth);
  objectOption('socket', options.socket);
  objectOption('retry', options.retry);
  objectOption('resendRate', options.resendRate);
  if (options.autoConnect !== undefined && typeof options.autoConnect !== 'boolean')
    throw new TypeError('TaskClient option "autoConnect" must be a boolean');
  const retry = { ...CLIENT_DEFAULTS.retry, ...options.retry };
  const resendRate = { ...CLIENT_DEFAULTS.resendRate, ...options.resendRate };
  return {
    url: options.url,
    namespace,
    clientId: options.clientId ?? randomId(),
    auth: { ...options.auth },
    resultGraceMs: duration('resultGraceMs', options.resultGraceMs ?? CLIENT_DEFAULTS.resultGraceMs, 0),
    requestTimeoutMs: duration('requestTimeoutMs', options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs, 1),
    connectTimeoutMs: duration('connectTimeoutMs', options.connectTimeoutMs ?? CLIENT_DEFAULTS.connectTimeoutMs, 1, true),
    retry: {
      attempts: count('retry.attempts', retry.attempts, 0),
      delayMs: duration('retry.delayMs', retry.delayMs, 1),
      maxDelayMs: duration('retry.maxDelayMs', retry.maxDelayMs, retry.delayMs),
    },
    resendRate: {
      limit: count('resendRate.limit', resendRate.limit, 1),
      windowMs: duration('resendRate.windowMs', resendRate.windowMs, 1),
    },
    autoConnect: options.autoConnect ?? true,
    socket: { ...CLIENT_DEFAULTS.socket, transports: [...CLIENT_DEFAULTS.socket.transports], ...options.socket },
  };
}

/** The largest delay `setTimeout` keeps (a larger one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

function duration(name: string, value: unknown, min: number, infinite = false): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`TaskClient option "${name}" must be a number of milliseconds`);
  if (infinite && value === Infinity) return value;
  if (!Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    throw new RangeError(
      `TaskClient option "${name}" must be an integer from ${min} to ${MAX_TIMER_MS}${infinite ? ', or Infinity' : ''} (got ${value})`,
    );
  }
  return value;
}

function count(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 1_000_000) {
    throw new RangeError(`TaskClient option "${name}" must be an integer from ${min} to 1000000 (got ${String(value)})`);
  }
  return value;
}

function objectOption(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'object' || value === null))
    throw new TypeError(`TaskClient option "${name}" must be an object`);
}
