import { invalidOptionMessage, unknownOptionMessage } from '../errors/taskgate.messages.js';

/*
 * The one way an option is checked: a `TypeError` for a value of the wrong type, a `RangeError`
 * for a number out of range, each naming the option as the user wrote it
 * (`TaskgateModule option "threads.maxThreads"`), what it must be and what it got.
 */

/** A whole number of at least `min` (1 unless given), or `fallback` when absent. */
export function integerOption(option: string, value: unknown, fallback: number, min?: number): number;
export function integerOption(option: string, value: unknown, fallback: undefined, min?: number): number | undefined;
export function integerOption(option: string, value: unknown, fallback: number | undefined, min = 1): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(invalidOptionMessage(option, 'a number', value));
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      invalidOptionMessage(
        option,
        min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer of at least ${min}`,
        value,
      ),
    );
  }
  return value;
}

/** A finite number above 0. */
export function positiveNumberOption(option: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(invalidOptionMessage(option, 'a number', value));
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(invalidOptionMessage(option, 'a positive number', value));
  return value;
}

/** A function, or undefined. */
export function functionOption<F extends (...args: never[]) => unknown>(option: string, value: unknown): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(invalidOptionMessage(option, 'a function', value));
  return value as F | undefined;
}

/** A boolean, or `fallback` when absent. */
export function booleanOption(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(invalidOptionMessage(option, 'a boolean', value));
  return value;
}

/** A plain object (an option group), or `{}` when absent. */
export function objectOption<T extends object>(option: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(invalidOptionMessage(option, 'an object', value));
  return value;
}

/** Fails when `value` has a key that is not in `known`: a typo must not silently turn a setting off. */
export function knownKeys(option: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new TypeError(unknownOptionMessage(option, key, known));
  }
}
