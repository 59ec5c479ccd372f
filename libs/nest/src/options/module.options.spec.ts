import { resolveTaskgateOptions, type TaskgateModuleOptions } from './module.options';
import { TaskgateModule } from '../taskgate.module';

describe('TaskgateModule options', () => {
  it('defaults every option to a safe value', () => {
    const resolved = resolveTaskgateOptions({});
    expect(resolved).toMatchObject({
      namespace: '/tasks',
      concurrency: 64,
      maxQueue: 10_000,
      defaultTimeoutMs: undefined,
      shutdownGraceMs: 10_000,
      resultTtlMs: 300_000,
      maxRetainedResults: 1_000,
      progressBackpressure: 32,
      maxOutbox: 1_000,
      maxOutboxBytes: 16 * 1024 * 1024,
      stallTimeoutMs: 10_000,
      debug: false,
    });
    expect(resolved.security).toMatchObject({
      authenticate: undefined,
      rateLimit: { limit: 1_000, windowMs: 1_000 },
      maxTasksPerClient: 1_000,
      maxConnections: 20_000,
      maxArgsBytes: 262_144,
    });
  });

  // One row per option: what a user got wrong, the error class, and the message they read.
  it.each<[TaskgateModuleOptions, ErrorConstructor, string]>([
    [{ namespace: 'tasks' }, TypeError, 'TaskgateModule option "namespace" must be a string starting with "/", got "tasks"'],
    [{ concurrency: 0 }, RangeError, 'TaskgateModule option "concurrency" must be a positive integer, got 0'],
    [{ concurrency: '8' as never }, TypeError, 'TaskgateModule option "concurrency" must be a number, got "8"'],
    [{ maxQueue: 1.5 }, RangeError, 'TaskgateModule option "maxQueue" must be a positive integer, got 1.5'],
    [{ defaultTimeoutMs: -1 }, RangeError, 'TaskgateModule option "defaultTimeoutMs" must be a positive integer, got -1'],
    [{ shutdownGraceMs: 0 }, RangeError, 'TaskgateModule option "shutdownGraceMs" must be a positive integer, got 0'],
    [{ resultTtlMs: Number.NaN }, RangeError, 'TaskgateModule option "resultTtlMs" must be a positive integer, got NaN'],
    [{ maxRetainedResults: 0 }, RangeError, 'TaskgateModule option "maxRetainedResults" must be a positive integer, got 0'],
    [{ progressBackpressure: 0 }, RangeError, 'TaskgateModule option "progressBackpressure" must be a positive integer, got 0'],
    [{ maxOutbox: -3 }, RangeError, 'TaskgateModule option "maxOutbox" must be a positive integer, got -3'],
    [{ maxOutboxBytes: 0 }, RangeError, 'TaskgateModule option "maxOutboxBytes" must be a positive integer, got 0'],
    [{ stallTimeoutMs: 0.5 }, RangeError, 'TaskgateModule option "stallTimeoutMs" must be a positive integer, got 0.5'],
    [{ debug: 'yes' as never }, TypeError, 'TaskgateModule option "debug" must be a boolean, got "yes"'],
    [{ threads: 4 as never }, TypeError, 'TaskgateModule option "threads" must be an object, got 4'],
    [{ maxPayloadBytes: 0 }, RangeError, 'TaskgateModule option "maxPayloadBytes" must be a positive integer, got 0'],
    [
      { connectionStateRecovery: { maxDisconnectionDuration: -1 } },
      RangeError,
      'TaskgateModule option "connectionStateRecovery.maxDisconnectionDuration" must be a positive integer, got -1',
    ],
    [{ authenticate: 'token' as never }, TypeError, 'TaskgateModule option "authenticate" must be a function, got "token"'],
    [{ principalKey: 1 as never }, TypeError, 'TaskgateModule option "principalKey" must be a function, got 1'],
    [
      { allowedOrigins: 'http://a.example' as never },
      TypeError,
      `TaskgateModule option "allowedOrigins" must be '*', an array of origins or a function, got "http://a.example"`,
    ],
    [{ rateLimit: true as never }, TypeError, 'TaskgateModule option "rateLimit" must be { limit, windowMs } or false, got true'],
    [{ rateLimit: { limit: 0, windowMs: 1_000 } }, RangeError, 'TaskgateModule option "rateLimit.limit" must be a positive integer, got 0'],
    [{ rateLimit: { limit: 10, windowMs: 0 } }, RangeError, 'TaskgateModule option "rateLimit.windowMs" must be a positive integer, got 0'],
    [{ maxTasksPerClient: 0 }, RangeError, 'TaskgateModule option "maxTasksPerClient" must be a positive integer, got 0'],
    [{ maxConnections: 0 }, RangeError, 'TaskgateModule option "maxConnections" must be a positive integer, got 0'],
    [{ maxArgsBytes: 0 }, RangeError, 'TaskgateModule option "maxArgsBytes" must be a positive integer, got 0'],
  ])('rejects %j with a %p naming the option', (options, kind, message) => {
    expect(() => resolveTaskgateOptions(options)).toThrow(kind);
    expect(() => resolveTaskgateOptions(options)).toThrow(message);
  });

  it('fails start-up on an unknown option, naming it and the one it resembles', () => {
    expect(() => TaskgateModule.forRoot({ authenticat: () => ({ id: 'a' }) } as never)).toThrow(TypeError);
    expect(() => TaskgateModule.forRoot({ authenticat: () => ({ id: 'a' }) } as never)).toThrow(
      'TaskgateModule.forRoot() has no option "authenticat" (did you mean "authenticate"?)',
    );
    expect(() => TaskgateModule.forRootAsync({ useFactory: () => ({}), injects: [] } as never)).toThrow(
      'TaskgateModule.forRootAsync() has no option "injects" (did you mean "inject"?)',
    );
  });

  it('checks the options a forRootAsync factory returns when the module starts', () => {
    expect(() => resolveTaskgateOptions({ rateLimt: false } as never)).toThrow('has no option "rateLimt" (did you mean "rateLimit"?)');
  });
});
