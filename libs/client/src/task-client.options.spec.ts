import { CLIENT_DEFAULTS, resolveClientOptions, type TaskClientOptions } from './task-client.options';

const url = 'http://127.0.0.1:1';
const resolve = (options: Partial<TaskClientOptions>) => () => resolveClientOptions({ url, ...options } as TaskClientOptions);

describe('TaskClient options', () => {
  it('applies the defaults', () => {
    const options = resolveClientOptions({ url });
    expect(options).toMatchObject({
      namespace: '/tasks',
      resultGraceMs: 5_000,
      requestTimeoutMs: 10_000,
      connectTimeoutMs: 30_000,
      retry: { attempts: 5, delayMs: 250, maxDelayMs: 5_000 },
      resendRate: { limit: 500, windowMs: 1_000 },
      autoConnect: true,
      socket: { transports: ['websocket', 'polling'], tryAllTransports: true },
    });
    expect(options.clientId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('lets socket options replace the default transports, and does not share the defaults', () => {
    expect(resolveClientOptions({ url, socket: { transports: ['polling'] } }).socket.transports).toEqual(['polling']);
    (resolveClientOptions({ url }).socket.transports as string[]).push('webtransport');
    expect(CLIENT_DEFAULTS.socket.transports).toEqual(['websocket', 'polling']);
  });

  it('url', () => expect(resolve({ url: 3 as unknown as string })).toThrow(new TypeError('TaskClient option "url" must be a string')));
  it('namespace', () =>
    expect(resolve({ namespace: 'tasks' })).toThrow(new TypeError('TaskClient option "namespace" must be a string starting with "/"')));
  it('clientId', () =>
    expect(resolve({ clientId: 'not valid!' })).toThrow(
      new TypeError('TaskClient option "clientId" must be 1-64 characters of [A-Za-z0-9_-]'),
    ));
  it('auth', () =>
    expect(resolve({ auth: 'token' as unknown as Record<string, unknown> })).toThrow(
      new TypeError('TaskClient option "auth" must be an object'),
    ));
  it('socket', () =>
    expect(resolve({ socket: null as unknown as object })).toThrow(new TypeError('TaskClient option "socket" must be an object')));
  it('autoConnect', () =>
    expect(resolve({ autoConnect: 'yes' as unknown as boolean })).toThrow(
      new TypeError('TaskClient option "autoConnect" must be a boolean'),
    ));
  it('resultGraceMs', () =>
    expect(resolve({ resultGraceMs: -1 })).toThrow(
      new RangeError('TaskClient option "resultGraceMs" must be an integer from 0 to 2147483647 (got -1)'),
    ));
  it('requestTimeoutMs', () =>
    expect(resolve({ requestTimeoutMs: '5' as unknown as number })).toThrow(
      new TypeError('TaskClient option "requestTimeoutMs" must be a number of milliseconds'),
    ));
  it('connectTimeoutMs', () => {
    expect(resolve({ connectTimeoutMs: 0 })).toThrow(
      new RangeError('TaskClient option "connectTimeoutMs" must be an integer from 1 to 2147483647, or Infinity (got 0)'),
    );
    expect(resolveClientOptions({ url, connectTimeoutMs: Infinity }).connectTimeoutMs).toBe(Infinity);
  });
  it('retry', () => {
    expect(resolve({ retry: 5 as unknown as object })).toThrow(new TypeError('TaskClient option "retry" must be an object'));
    expect(resolve({ retry: { attempts: 1.5 } })).toThrow(
      new RangeError('TaskClient option "retry.attempts" must be an integer from 0 to 1000000 (got 1.5)'),
    );
    expect(resolve({ retry: { delayMs: 0 } })).toThrow(
      new RangeError('TaskClient option "retry.delayMs" must be an integer from 1 to 2147483647 (got 0)'),
    );
    expect(resolve({ retry: { delayMs: 500, maxDelayMs: 100 } })).toThrow(
      new RangeError('TaskClient option "retry.maxDelayMs" must be an integer from 500 to 2147483647 (got 100)'),
    );
  });
  it('resendRate', () => {
    expect(resolve({ resendRate: { limit: 0 } })).toThrow(
      new RangeError('TaskClient option "resendRate.limit" must be an integer from 1 to 1000000 (got 0)'),
    );
    expect(resolve({ resendRate: { windowMs: Infinity } })).toThrow(
      new RangeError('TaskClient option "resendRate.windowMs" must be an integer from 1 to 2147483647 (got Infinity)'),
    );
  });
});
