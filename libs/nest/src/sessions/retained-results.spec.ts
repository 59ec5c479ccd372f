import fc from 'fast-check';
import type { TaskResult } from '@taskgate/protocol';
import { RetainedResults } from './retained-results.js';

function result(id: string, finishedAt: number): TaskResult {
  return { id, task: 'noop', status: 'succeeded', result: null, startedAt: finishedAt, finishedAt, durationMs: 0 };
}

type Step = { kind: 'add'; id: string; at: number } | { kind: 'sweep'; at: number };

describe('RetainedResults', () => {
  it('keeps the newest results up to its capacity and drops the oldest first', () => {
    const retained = new RetainedResults(2, 60_000);
    retained.add(result('a', 1));
    retained.add(result('b', 2));
    retained.add(result('c', 3));
    expect([retained.get('a'), retained.get('b')?.id, retained.get('c')?.id]).toEqual([undefined, 'b', 'c']);
    expect(retained.size).toBe(2);
  });

  it('drops on sweep the results older than its time to live, and no others', () => {
    const retained = new RetainedResults(10, 100);
    retained.add(result('old', 1_000));
    retained.add(result('new', 1_050));
    retained.sweep(1_100);
    expect(retained.get('old')).toBeUndefined();
    expect(retained.get('new')?.id).toBe('new');
  });

  it('agrees with a plain list under any sequence of adds and sweeps', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), at: fc.nat(10) }),
      fc.record({ kind: fc.constant('sweep' as const), at: fc.nat(10) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.array(step, { maxLength: 60 }), (capacity, ttlMs, steps) => {
        const retained = new RetainedResults(capacity, ttlMs);
        let model: TaskResult[] = [];
        let clock = 0;
        for (const next of steps) {
          clock += next.at;
          if (next.kind === 'add') {
            const added = result(next.id, clock);
            const at = model.findIndex((kept) => kept.id === next.id);
            if (at >= 0) model[at] = added;
            else model = [...model, added].slice(-capacity);
            retained.add(added);
          } else {
            // The model drops from the oldest while expired, as the ring does.
            while (model.length > 0 && model[0]!.finishedAt + ttlMs <= clock) model = model.slice(1);
            retained.sweep(clock);
          }
          expect(retained.size).toBe(model.length);
          for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) expect(retained.get(id)).toBe(model.find((kept) => kept.id === id));
        }
      }),
    );
  });
});
