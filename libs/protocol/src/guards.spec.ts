import fc from 'fast-check';
import { ErrorCodes, isErrorCode } from './error-codes';
import {
  isValidId,
  isValidTraceparent,
  parseCancelRequest,
  parseResumeRequest,
  parseRunRequest,
  MAX_RESUME_IDS,
  MAX_TRACESTATE_LENGTH,
} from './guards';
import { isTerminalStatus, TERMINAL_STATUSES } from './task-status';

const TRACEPARENT = `00-${'4bf92f3577b34da6a3ce929d0e0e4736'}-00f067aa0ba902b7-01`;

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
    ['a non-string traceparent', { id: 'x', task: 't', traceparent: 1 }],
    ['a non-string tracestate', { id: 'x', task: 't', traceparent: TRACEPARENT, tracestate: {} }],
  ])('answers BAD_REQUEST for %s', (_label, input) => {
    const parsed = parseRunRequest(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe(ErrorCodes.BAD_REQUEST);
      expect(parsed.error.message.length).toBeGreaterThan(0);
    }
  });

  it('keeps a W3C trace context (traceparent and its tracestate)', () => {
    expect(parseRunRequest({ id: 'x', task: 't', traceparent: TRACEPARENT, tracestate: 'vendor=abc' })).toEqual({
      ok: true,
      value: { id: 'x', task: 't', traceparent: TRACEPARENT, tracestate: 'vendor=abc' },
    });
    // A later version may carry more fields.
    const v1 = `01-${'a'.repeat(32)}-${'b'.repeat(16)}-01-more`;
    expect(parseRunRequest({ id: 'x', task: 't', traceparent: v1 })).toEqual({ ok: true, value: { id: 'x', task: 't', traceparent: v1 } });
  });

  it.each([
    ['upper-case hex', TRACEPARENT.toUpperCase()],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${'b'.repeat(16)}-01`],
    ['an all-zero span id', `00-${'a'.repeat(32)}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`],
    ['version 00 with a fifth field', `${TRACEPARENT}-x`],
    ['a short trace id', `00-${'a'.repeat(31)}-${'b'.repeat(16)}-01`],
  ])('ignores a traceparent with %s, and its tracestate (the run is not refused)', (_label, traceparent) => {
    expect(isValidTraceparent(traceparent)).toBe(false);
    expect(parseRunRequest({ id: 'x', task: 't', traceparent, tracestate: 'a=b' })).toEqual({ ok: true, value: { id: 'x', task: 't' } });
  });

  it(`drops a tracestate longer than ${MAX_TRACESTATE_LENGTH} characters, keeping the traceparent`, () => {
    const tracestate = `a=${'b'.repeat(MAX_TRACESTATE_LENGTH)}`;
    expect(parseRunRequest({ id: 'x', task: 't', traceparent: TRACEPARENT, tracestate })).toEqual({
      ok: true,
      value: { id: 'x', task: 't', traceparent: TRACEPARENT },
    });
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
