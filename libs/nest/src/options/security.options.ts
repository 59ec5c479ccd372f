import type { Socket } from 'socket.io';
import { invalidOptionMessage } from '../errors/taskgate.messages.js';
import { functionOption, integerOption, knownKeys, objectOption } from './option.validators.js';
import { hostPolicy, originPolicy } from '../security/access.policies.js';

/** What the `authenticate` option receives: the socket.io handshake (headers, `auth`, address...). */
export type TaskgateHandshake = Socket['handshake'];

/** Who may connect and how much each connection may ask. Part of `TaskgateModule` options. */
export interface TaskgateSecurityOptions {
  /**
   * Checks the credentials of each connection (for example `handshake.auth.token`) and returns
   * its principal, which tasks see as `ctx.principal` and guards as `switchToRpc().getContext().principal`.
   * Throwing, or returning `null`/`undefined`, refuses the connection with `UNAUTHORIZED`.
   * It runs again when socket.io recovers a connection's state. Default: everyone connects, without principal.
   */
  authenticate?: (handshake: TaskgateHandshake) => unknown | Promise<unknown>;
  /**
   * Stable key of a principal, to scope client ids: runs and results belong to principal + client id.
   * Default: `principal.id`, `principal.sub`, or the principal itself when it is a string.
   */
  principalKey?: (principal: unknown) => string;
  /**
   * Origins (`scheme://host[:port]`) allowed to connect, for both polling and WebSocket, or `'*'`.
   * Connections without an `Origin` header (non-browser clients) are allowed. Default: same origin
   * only (the `Origin` must match the `Host` the request was sent to), which stops cross-site
   * WebSocket hijacking.
   */
  allowedOrigins?: '*' | string[] | ((origin: string) => boolean);
  /**
   * Names the server may be reached by, checked against each connection's `Host` header (both
   * transports): this stops DNS rebinding, where a hostile page's own name is pointed at the
   * server so that its `Origin` and `Host` agree. IP addresses, `localhost` and `*.localhost`
   * are always allowed; list every other name clients use (`'tasks.example.com'`, or
   * `'.example.com'` for it and its subdomains), or `'*'` to allow any (behind a proxy that
   * checks `Host` itself). A refused host gets `FORBIDDEN`. Default: no other name.
   */
  allowedHosts?: '*' | string[];
  /** Requests (run, cancel, list, resume) per connection per window; beyond: `RATE_LIMITED`. Default 1,000 per 1,000 ms. `false` turns it off. */
  rateLimit?: { limit: number; windowMs: number } | false;
  /** Runs a client may have queued or running at once; beyond: `TOO_MANY_TASKS`. Default 1,000. */
  maxTasksPerClient?: number;
  /** Connections to the namespace at once; beyond, a connection is refused with `RATE_LIMITED`. Default 20,000. */
  maxConnections?: number;
  /** Size of one `task:run` message in bytes; beyond: `PAYLOAD_TOO_LARGE`. Default 256 KiB. */
  maxArgsBytes?: number;
}

/** Security options with defaults applied. */
export interface ResolvedSecurityOptions {
  authenticate: TaskgateSecurityOptions['authenticate'];
  principalKey: (principal: unknown) => string;
  originAllowed: (origin: string | undefined, host: string | undefined) => boolean;
  hostAllowed: (host: string | undefined) => boolean;
  rateLimit: { limit: number; windowMs: number } | false;
  maxTasksPerClient: number;
  maxConnections: number;
  maxArgsBytes: number;
}

function defaultPrincipalKey(principal: unknown): string {
  if (typeof principal === 'string' || typeof principal === 'number') return String(principal);
  const record = principal as { id?: unknown; sub?: unknown } | null | undefined;
  const key = record?.id ?? record?.sub;
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return JSON.stringify(principal) ?? '';
}

/** The keys of {@link TaskgateSecurityOptions}. */
export const SECURITY_OPTION_KEYS: ReadonlyArray<keyof TaskgateSecurityOptions> = [
  'authenticate',
  'principalKey',
  'allowedOrigins',
  'allowedHosts',
  'rateLimit',
  'maxTasksPerClient',
  'maxConnections',
  'maxArgsBytes',
];

const option = (name: string) => `TaskgateModule option "${name}"`;

function rateLimitOption(value: TaskgateSecurityOptions['rateLimit']): ResolvedSecurityOptions['rateLimit'] {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(invalidOptionMessage(option('rateLimit'), '{ limit, windowMs } or false', value));
  }
  const given = objectOption(option('rateLimit'), value);
  knownKeys(option('rateLimit'), given, ['limit', 'windowMs']);
  return {
    limit: integerOption(option('rateLimit.limit'), given.limit, 1_000),
    windowMs: integerOption(option('rateLimit.windowMs'), given.windowMs, 1_000),
  };
}

function allowedHostsOption(value: unknown): '*' | string[] | undefined {
  if (value === undefined || value === '*' || (Array.isArray(value) && value.every((host) => typeof host === 'string'))) return value;
  throw new TypeError(invalidOptionMessage(option('allowedHosts'), "'*' or an array of host names", value));
}

/** Validates the security options and applies their defaults. */
export function resolveSecurityOptions(options: TaskgateSecurityOptions): ResolvedSecurityOptions {
  const { allowedOrigins } = options;
  if (
    allowedOrigins !== undefined &&
    allowedOrigins !== '*' &&
    typeof allowedOrigins !== 'function' &&
    !(Array.isArray(allowedOrigins) && allowedOrigins.every((o) => typeof o === 'string'))
  ) {
    throw new TypeError(invalidOptionMessage(option('allowedOrigins'), "'*', an array of origins or a function", allowedOrigins));
  }
  return {
    authenticate: functionOption(option('authenticate'), options.authenticate),
    principalKey: functionOption<(principal: unknown) => string>(option('principalKey'), options.principalKey) ?? defaultPrincipalKey,
    originAllowed: originPolicy(allowedOrigins),
    hostAllowed: hostPolicy(allowedHostsOption(options.allowedHosts)),
    rateLimit: rateLimitOption(options.rateLimit),
    maxTasksPerClient: integerOption(option('maxTasksPerClient'), options.maxTasksPerClient, 1_000),
    maxConnections: integerOption(option('maxConnections'), options.maxConnections, 20_000),
    maxArgsBytes: integerOption(option('maxArgsBytes'), options.maxArgsBytes, 256 * 1024),
  };
}
