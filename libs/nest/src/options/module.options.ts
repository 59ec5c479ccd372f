import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Type } from '@nestjs/common';
import { invalidOptionMessage } from '../errors/taskgate.messages.js';
import { booleanOption, integerOption, knownKeys, objectOption } from './option.validators.js';
import {
  resolveSecurityOptions,
  SECURITY_OPTION_KEYS,
  type ResolvedSecurityOptions,
  type TaskgateSecurityOptions,
} from './security.options.js';
import { resolveThreadOptions, type ResolvedThreadOptions, type TaskgateThreadOptions } from './thread.options.js';

/** Options of {@link TaskgateModule}. Every one has a safe default. */
export interface TaskgateModuleOptions extends TaskgateSecurityOptions, TaskgateGatewayOptions {
  /**
   * socket.io namespace of the gateway. Default `'/tasks'`. It shapes the gateway
   * class, so with `forRootAsync` give it beside the factory, not from it.
   */
  namespace?: string;
  /** Inline tasks running at once on the event loop. Default 64. */
  concurrency?: number;
  /** Tasks waiting for a slot, all modes together; one more is refused with `QUEUE_FULL`. Default 10,000. */
  maxQueue?: number;
  /** Timeout of tasks that set none. Default: none. */
  defaultTimeoutMs?: number;
  /** How long `app.close()` lets running tasks finish before it cancels them. Default 10,000 ms. */
  shutdownGraceMs?: number;
  /** How long a finished result is kept for a client that is away. Default 5 minutes. */
  resultTtlMs?: number;
  /** Finished results kept per client for it to resume. Default 1,000. */
  maxRetainedResults?: number;
  /**
   * Packets waiting in a socket's outbox above which progress events to it are
   * coalesced (the latest per run is kept and sent when the socket drains). Default 32.
   */
  progressBackpressure?: number;
  /**
   * Packets unwritten in a socket's outbox above which its client counts as behind; a client that
   * stays behind without reading for `stallTimeoutMs` is disconnected, and gets its results on
   * reconnect with `task:resume`. Every packet counts: results, acks with results, progress,
   * list answers. A client that reads is never disconnected for receiving many packets at once.
   * Default 1,000.
   */
  maxOutbox?: number;
  /**
   * Bytes unwritten in a socket's outbox beyond which it is disconnected at once: the most one
   * client can hold in the server's memory. Default 16 MiB.
   */
  maxOutboxBytes?: number;
  /** How long a client may stay above `maxOutbox` without reading before it is disconnected. Default 10,000 ms. */
  stallTimeoutMs?: number;
  /** Put stack traces of task errors on the wire. Never in production. Default false. */
  debug?: boolean;
  /**
   * The worker-thread pool of `@TaskFunction({ mode: 'thread' })` tasks: `minThreads` (default 1),
   * `maxThreads` (default: available parallelism), `idleTimeout` (default 60,000 ms),
   * `resourceLimits` (default: Node's), `hardStopGraceMs` (default 1,000 ms).
   * The queue is the shared `maxQueue`.
   */
  threads?: TaskgateThreadOptions;
}

/**
 * Options that shape the gateway's socket.io server and namespace. They are read when the
 * module is declared, so with `forRootAsync` give them beside the factory, not from it.
 */
export interface TaskgateGatewayOptions {
  /** Largest message socket.io accepts, in bytes; a larger one closes that connection. Default 1 MiB. */
  maxPayloadBytes?: number;
  /**
   * socket.io connection state recovery: a client that reconnects within
   * `maxDisconnectionDuration` gets the events it missed. Authentication still runs again on
   * recovery. Default: off (Taskgate's own `task:resume` already recovers results).
   */
  connectionStateRecovery?: { maxDisconnectionDuration: number };
}

/** Options with their defaults applied, as the library uses them. */
export interface ResolvedTaskgateOptions {
  namespace: string;
  concurrency: number;
  maxQueue: number;
  defaultTimeoutMs: number | undefined;
  shutdownGraceMs: number;
  resultTtlMs: number;
  maxRetainedResults: number;
  progressBackpressure: number;
  maxOutbox: number;
  maxOutboxBytes: number;
  stallTimeoutMs: number;
  debug: boolean;
  threads: ResolvedThreadOptions;
  security: ResolvedSecurityOptions;
}

/** Creates the options for `forRootAsync({ useClass })` / `useExisting`. */
export interface TaskgateOptionsFactory {
  createTaskgateOptions(): Promise<TaskgateModuleOptions> | TaskgateModuleOptions;
}

/** Options of `TaskgateModule.forRootAsync()`, the Nest way. */
export interface TaskgateModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'>, TaskgateGatewayOptions {
  /** Static namespace (see {@link TaskgateModuleOptions.namespace}). */
  namespace?: string;
  useFactory?: (...args: any[]) => Promise<TaskgateModuleOptions> | TaskgateModuleOptions;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useClass?: Type<TaskgateOptionsFactory>;
  useExisting?: Type<TaskgateOptionsFactory>;
}

const MODULE_OPTION_KEYS: ReadonlyArray<keyof TaskgateModuleOptions> = [
  'namespace',
  'concurrency',
  'maxQueue',
  'defaultTimeoutMs',
  'shutdownGraceMs',
  'resultTtlMs',
  'maxRetainedResults',
  'progressBackpressure',
  'maxOutbox',
  'maxOutboxBytes',
  'stallTimeoutMs',
  'debug',
  'threads',
  'maxPayloadBytes',
  'connectionStateRecovery',
  ...SECURITY_OPTION_KEYS,
];

/** The keys `forRootAsync()` takes beside its factory. */
export const ASYNC_OPTION_KEYS: ReadonlyArray<keyof TaskgateModuleAsyncOptions> = [
  'imports',
  'useFactory',
  'inject',
  'useClass',
  'useExisting',
  'namespace',
  'maxPayloadBytes',
  'connectionStateRecovery',
];

const option = (name: string) => `TaskgateModule option "${name}"`;

/** Validates the options that shape the gateway's socket.io server (read when the module is declared). */
export function checkGatewayOptions(options: TaskgateGatewayOptions): void {
  integerOption(option('maxPayloadBytes'), options.maxPayloadBytes, undefined);
  if (options.connectionStateRecovery !== undefined) {
    const recovery = objectOption(option('connectionStateRecovery'), options.connectionStateRecovery);
    knownKeys(option('connectionStateRecovery'), recovery, ['maxDisconnectionDuration']);
    integerOption(option('connectionStateRecovery.maxDisconnectionDuration'), recovery.maxDisconnectionDuration, undefined);
  }
}

/** Validates the options and applies defaults; throws a `TypeError`/`RangeError` naming the bad option. */
export function resolveTaskgateOptions(options: TaskgateModuleOptions = {}): ResolvedTaskgateOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(invalidOptionMessage('TaskgateModule options', 'an object', options));
  }
  knownKeys('TaskgateModule.forRoot()', options, MODULE_OPTION_KEYS);
  const namespace = options.namespace ?? '/tasks';
  if (typeof namespace !== 'string' || !namespace.startsWith('/')) {
    throw new TypeError(invalidOptionMessage(option('namespace'), 'a string starting with "/"', namespace));
  }
  checkGatewayOptions(options);
  return {
    namespace,
    concurrency: integerOption(option('concurrency'), options.concurrency, 64),
    maxQueue: integerOption(option('maxQueue'), options.maxQueue, 10_000),
    defaultTimeoutMs: integerOption(option('defaultTimeoutMs'), options.defaultTimeoutMs, undefined),
    shutdownGraceMs: integerOption(option('shutdownGraceMs'), options.shutdownGraceMs, 10_000),
    resultTtlMs: integerOption(option('resultTtlMs'), options.resultTtlMs, 300_000),
    maxRetainedResults: integerOption(option('maxRetainedResults'), options.maxRetainedResults, 1_000),
    progressBackpressure: integerOption(option('progressBackpressure'), options.progressBackpressure, 32),
    maxOutbox: integerOption(option('maxOutbox'), options.maxOutbox, 1_000),
    maxOutboxBytes: integerOption(option('maxOutboxBytes'), options.maxOutboxBytes, 16 * 1024 * 1024),
    stallTimeoutMs: integerOption(option('stallTimeoutMs'), options.stallTimeoutMs, 10_000),
    debug: booleanOption(option('debug'), options.debug, false),
    threads: resolveThreadOptions(options.threads),
    security: resolveSecurityOptions(options),
  };
}
