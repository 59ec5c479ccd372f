import fc from 'fast-check';
import { ErrorCodes, isErrorCode } from './error-codes';
import { isValidId, parseCancelRequest, parseResumeRequest, parseRunRequest, MAX_RESUME_IDS } from './guards';
import { isTerminalStatus, TERMINAL_STATUSES } from './task-status';

describe('parseRunRequest', () => {
  it('accepts a well-formed request and keeps only the known fields', () => {
    const parsed = parseRunRequest({ id: 'a-1_B', task: 'add', args: { a: 1 }, timeoutMs: 500, extra: true });
    expect(parsed).toEqual({ ok: true, value: { id: 'a-1_B', task: 'add', args: { a: 1 }, timeoutMs: 500 } });
  });

  it('keeps args that are explicitly undefined or null', () => {
    expect(parseRunRequest({ id: 'x', task: 't', args: null })).toEqual({
      ok: true,
      value: { id: 'x', task: 't', args: null },
    });
    expect(parseRunRequest({ id: 'x', task: 't' })).toEqual({ ok: true, value: { id: 'x', task: 't' } });
    expect(parseRunRequest({ id: 'x', task: 't', ackResult: true })).toEqual({ ok: true, value: { id: 'x', task: 't', ackResult: true } });
  });

  it.each([
    ['not an object', 'run'],
    ['null', null],
    ['an array', [{ id: 'x', task: 't' }]],
    ['a missing id', { task: 't' }],
    ['an id with a space', { id: 'a b', task: 't' }],
    ['an id of 65 characters', { id: 'a'.repeat(65), task: 't' }],
    ['an empty task', { id: 'x', task: '' }],
    ['a numeric task', { id: 'x', task: 5 }],
    ['a negative timeout', { id: 'x', task: 't', timeoutMs: -1 }],
    ['a fractional timeout', { id: 'x', task: 't', timeoutMs: 1.5 }],
    ['a timeout beyond a timer', { id: 'x', task: 't', timeoutMs: 2 ** 31 }],
    ['a non-boolean ackResult', { id: 'x', task: 't', ackResult: 'yes' }],
  ])('answers BAD_REQUEST for %s', (_label, input) => {
    const parsed = parseRunRequest(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe(ErrorCodes.BAD_REQUEST);
      expect(parsed.error.message.length).toBeGreaterThan(0);
    }
  });

  it('never throws and always answers a typed result, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (input) => {
        const parsed = parseRunRequest(input);
        if (parsed.ok) {
          expect(isValidId(parsed.value.id)).toBe(true);
        } else {
          expect(parsed.error.code).toBe(ErrorCodes.BAD_REQUEST);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseCancelRequest and parseResumeRequest', () => {
  it('accept valid payloads', () => {
    expect(parseCancelRequest({ id: 'abc' })).toEqual({ ok: true, value: { id: 'abc' } });
    expect(parseResumeRequest({ ids: ['a', 'b'] })).toEqual({ ok: true, value: { ids: ['a', 'b'] } });
  });

  it('refuse invalid ids and oversized lists', () => {
    expect(parseCancelRequest({ id: '../x' }).ok).toBe(false);
    expect(parseResumeRequest({ ids: ['ok', 7] }).ok).toBe(false);
    expect(parseResumeRequest({ ids: Array.from({ length: MAX_RESUME_IDS + 1 }, (_, i) => `i${i}`) }).ok).toBe(false);
  });
});

describe('statuses and codes', () => {
  it('knows exactly the four terminal statuses', () => {
    expect([...TERMINAL_STATUSES]).toEqual(['succeeded', 'failed', 'cancelled', 'timed_out']);
    expect(isTerminalStatus('running')).toBe(false);
  });

  it('keeps the error codes stable: each code is its own name', () => {
    for (const [name, code] of Object.entries(ErrorCodes)) expect(code).toBe(name);
    expect(isErrorCode('TIMEOUT')).toBe(true);
    expect(isErrorCode('timeout')).toBe(false);
  });
});
