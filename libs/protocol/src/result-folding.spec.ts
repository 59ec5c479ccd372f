import fc from 'fast-check';
import { foldResult, unfoldResult } from './result-folding.js';
import type { TaskResult } from './envelopes.js';
import { ErrorCodes } from './error-codes.js';

const times = fc.record({ startedAt: fc.nat(), durationMs: fc.nat(1e9) });
const taskResult: fc.Arbitrary<TaskResult> = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    fc.string({ minLength: 1, maxLength: 128 }),
    times,
    fc.oneof(
      fc.record({ status: fc.constant('succeeded' as const), result: fc.jsonValue() }),
      fc.record({
        status: fc.constantFrom('failed' as const, 'cancelled' as const, 'timed_out' as const),
        error: fc.record({ code: fc.constantFrom(...Object.values(ErrorCodes)), message: fc.string() }),
      }),
    ),
  )
  .map(
    ([id, task, { startedAt, durationMs }, outcome]) =>
      ({ id, task, startedAt, finishedAt: startedAt + durationMs, durationMs, ...outcome }) as TaskResult,
  );

describe('result folding', () => {
  it('drops id, task and finishedAt, and unfolding with the request brings back the same result', () => {
    fc.assert(
      fc.property(taskResult, (result) => {
        const folded = foldResult(result);
        expect(Object.keys(folded).sort()).toEqual(
          ['durationMs', result.status === 'succeeded' ? 'result' : 'error', 'startedAt', 'status'].sort(),
        );
        expect(unfoldResult(result.id, result.task, folded)).toEqual(result);
      }),
    );
  });
});
