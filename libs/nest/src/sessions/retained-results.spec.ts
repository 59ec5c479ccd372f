import fc from 'fast-check';
import type { TaskResult } from '@taskgate/protocol';
import { RetainedResults } from './retained-results.js';

function result(id: string, finishedAt: number): TaskResult {
  return { id, task: 'noop', status: 'succeeded', result: null, startedAt: finishedAt, finishedAt, durationMs: 0 };
}

type Step = { kind: 'add'; id: string; at: number; delivered: boolean } | { kind: 'deliver'; id: string } | { kind: 'sweep'; at: number };
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('RetainedResults', () => {
  it('keeps the newest results up to its capacity and drops the oldest first', () => {
    const retained = new RetainedResults(2, 60_000);
    retained.add(result('a', 1), false);
    retained.add(result('b', 2), false);
    retained.add(result('c', 3), false);
    expect([retained.get('a'), retained.get('b')?.id, retained.get('c')?.id]).toEqual([undefined, 'b', 'c']);
    expect(retained.size).toBe(2);
  });

  it('evicts results the client has received before those it has not, even when they are newer', () => {
    const retained = new RetainedResults(3, 60_000);
    retained.add(result('away-1', 1), false);
    retained.add(result('away-2', 2), false);
    retained.add(result('seen', 3), true);
    retained.add(result('new-1', 4), true);
    retained.add(result('new-2', 5), true);
    expect(['away-1', 'away-2', 'seen', 'new-1', 'new-2'].map((id) => retained.get(id)?.id)).toEqual([
      'away-1',
      'away-2',
      undefined,
      undefined,
      'new-2',
    ]);
  });

  it('drops on sweep the results older than its time to live, and no others', () => {
    const retained = new RetainedResults(10, 100);
    retained.add(result('old', 1_000), false);
    retained.add(result('new', 1_050), true);
    retained.sweep(1_100);
    expect(retained.get('old')).toBeUndefined();
    expect(retained.get('new')?.id).toBe('new');
  });

  it('agrees with two plain lists (not received, received) under any sequence of adds, deliveries and sweeps', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: fc.constantFrom(...IDS), at: fc.nat(10), delivered: fc.boolean() }),
      fc.record({ kind: fc.constant('deliver' as const), id: fc.constantFrom(...IDS) }),
      fc.record({ kind: fc.constant('sweep' as const), at: fc.nat(10) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(step, { maxLength: 60 }),
        (capacity, ttlMs, steps) => {
          const retained = new RetainedResults(capacity, ttlMs);
          // Each list in the order results entered it; a delivered result moves to the end of `seen`.
          let unseen: TaskResult[] = [];
          let seen: TaskResult[] = [];
          const deliver = (id: string) => {
            const at = unseen.findIndex((kept) => kept.id === id);
            if (at < 0) return;
            seen = [...seen, unseen[at]!];
            unseen = unseen.filter((_, i) => i !== at);
          };
          let clock = 0;
          for (const next of steps) {
            if (next.kind === 'add') {
              clock += next.at;
              const added = result(next.id, clock);
              const inUnseen = unseen.findIndex((kept) => kept.id === next.id);
              const inSeen = seen.findIndex((kept) => kept.id === next.id);
              if (inUnseen >= 0) unseen[inUnseen] = added;
              if (inSeen >= 0) seen[inSeen] = added;
              if (inUnseen >= 0 || inSeen >= 0) {
                if (next.delivered) deliver(next.id);
              } else {
                if (unseen.length + seen.length >= capacity) {
                  if (seen.length > 0) seen = seen.slice(1);
                  else unseen = unseen.slice(1);
                }
                if (next.delivered) seen = [...seen, added];
                else unseen = [...unseen, added];
              }
              retained.add(added, next.delivered);
            } else if (next.kind === 'deliver') {
              deliver(next.id);
              retained.markDelivered(next.id);
            } else {
              clock += next.at;
              while (unseen.length > 0 && unseen[0]!.finishedAt + ttlMs <= clock) unseen = unseen.slice(1);
              while (seen.length > 0 && seen[0]!.finishedAt + ttlMs <= clock) seen = seen.slice(1);
              retained.sweep(clock);
            }
            expect(retained.size).toBe(unseen.length + seen.length);
            for (const id of IDS) expect(retained.get(id)).toBe([...unseen, ...seen].find((kept) => kept.id === id));
          }
        },
      ),
    );
  });
});
