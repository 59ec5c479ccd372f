import { availableParallelism } from 'node:os';
import { resolveTaskgateOptions } from './module.options';
import { resolveThreadOptions } from './thread.options';

describe('TaskgateModule option "threads"', () => {
  it('defaults to one warm worker, at most one per core, 60 s idle timeout, 1 s hard-stop grace, Node heap limits', () => {
    expect(resolveTaskgateOptions({}).threads).toEqual({
      minThreads: 1,
      maxThreads: availableParallelism(),
      idleTimeout: 60_000,
      resourceLimits: undefined,
      hardStopGraceMs: 1_000,
    });
  });

  it('keeps what is given', () => {
    expect(
      resolveThreadOptions({
        minThreads: 0,
        maxThreads: 3,
        idleTimeout: 0,
        hardStopGraceMs: 0,
        resourceLimits: { maxOldGenerationSizeMb: 256, stackSizeMb: 8 },
      }),
    ).toEqual({
      minThreads: 0,
      maxThreads: 3,
      idleTimeout: 0,
      hardStopGraceMs: 0,
      resourceLimits: { maxOldGenerationSizeMb: 256, stackSizeMb: 8 },
    });
  });

  it('raises the default maxThreads to a larger minThreads', () => {
    const many = availableParallelism() + 2;
    expect(resolveThreadOptions({ minThreads: many })).toMatchObject({ minThreads: many, maxThreads: many });
  });

  it.each([
    [{ minThreads: -1 }, RangeError, 'threads.minThreads" must be a non-negative integer, got -1'],
    [{ minThreads: 1.5 }, RangeError, 'threads.minThreads'],
    [{ maxThreads: 0 }, RangeError, 'threads.maxThreads" must be a positive integer, got 0'],
    [{ maxThreads: '2' }, TypeError, 'threads.maxThreads" must be a number, got "2"'],
    [{ idleTimeout: -5 }, RangeError, 'threads.idleTimeout'],
    [{ hardStopGraceMs: Number.NaN }, RangeError, 'threads.hardStopGraceMs'],
    [{ minThreads: 3, maxThreads: 2 }, RangeError, '"threads.minThreads" (3) and "threads.maxThreads" (2) conflict'],
    [{ resourceLimits: 'small' }, TypeError, 'threads.resourceLimits" must be an object'],
    [{ resourceLimits: { heapMb: 64 } }, TypeError, 'threads.resourceLimits" has no option "heapMb"; it takes maxOldGenerationSizeMb'],
    [{ maxThread: 2 } as never, TypeError, 'TaskgateModule option "threads" has no option "maxThread" (did you mean "maxThreads"?)'],
    [
      { resourceLimits: { maxOldGenerationSizeMb: 0 } },
      RangeError,
      'threads.resourceLimits.maxOldGenerationSizeMb" must be a positive number, got 0',
    ],
    [{ resourceLimits: { stackSizeMb: '4' } }, TypeError, 'threads.resourceLimits.stackSizeMb" must be a number'],
  ])('rejects %j with a %p naming the option', (threads, type, message) => {
    const resolve = () => resolveTaskgateOptions({ threads: threads as never });
    expect(resolve).toThrow(type as ErrorConstructor);
    expect(resolve).toThrow(message);
  });

  it('rejects a threads option that is not an object', () => {
    expect(() => resolveTaskgateOptions({ threads: 4 as never })).toThrow(
      new TypeError('TaskgateModule option "threads" must be an object, got 4'),
    );
  });
});
