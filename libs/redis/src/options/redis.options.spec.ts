import { checkAsyncOptions, resolveRedisOptions, type TaskgateRedisOptions } from './redis.options';

const url = 'redis://127.0.0.1:6379';

describe('TaskgateRedisModule options', () => {
  it('defaults every option but the url', () => {
    expect(resolveRedisOptions({ url })).toEqual({
      url,
      keyPrefix: 'taskgate:',
      nodeId: expect.stringMatching(/^[A-Za-z0-9_.-]+-\d+-[0-9a-f]{6}$/),
      leaseMs: 3_000,
      commandTimeoutMs: 2_000,
      maxBufferedResults: 10_000,
      adapter: {},
    });
  });

  it.each<[string, Partial<TaskgateRedisOptions> & Record<string, unknown>, string, ErrorConstructor]>([
    ['url', { url: 'http://x' }, 'TaskgateRedisModule option "url" must be a redis:// or rediss:// URL, got "http://x"', TypeError],
    [
      'keyPrefix',
      { keyPrefix: 'x'.repeat(65) },
      'TaskgateRedisModule option "keyPrefix" must be a string of at most 64 characters',
      TypeError,
    ],
    ['nodeId', { nodeId: 'a b' }, 'TaskgateRedisModule option "nodeId" must be 1-64 characters of [A-Za-z0-9_.-], got "a b"', TypeError],
    ['leaseMs', { leaseMs: 100 }, 'TaskgateRedisModule option "leaseMs" must be an integer of at least 300, got 100', RangeError],
    [
      'commandTimeoutMs',
      { commandTimeoutMs: 1.5 },
      'TaskgateRedisModule option "commandTimeoutMs" must be an integer of at least 10, got 1.5',
      RangeError,
    ],
    [
      'maxBufferedResults',
      { maxBufferedResults: 0 },
      'TaskgateRedisModule option "maxBufferedResults" must be a positive integer, got 0',
      RangeError,
    ],
    ['adapter', { adapter: null as never }, 'TaskgateRedisModule option "adapter" must be an object, got null', TypeError],
    ['an unknown key', { urls: [url] } as never, 'TaskgateRedisModule.forRoot() has no option "urls" (did you mean "url"?)', TypeError],
  ])('refuses a bad %s, naming it', (_name, bad, message, type) => {
    const attempt = () => resolveRedisOptions({ url, ...bad } as TaskgateRedisOptions);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(message);
  });

  it('needs a factory in forRootAsync()', () => {
    expect(() => checkAsyncOptions({})).toThrow(/needs useFactory, useClass or useExisting/);
    expect(() => checkAsyncOptions({ useFactory: () => ({ url }), url } as never)).toThrow(
      'TaskgateRedisModule.forRootAsync() has no option "url"',
    );
  });
});
