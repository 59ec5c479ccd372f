// The piscina worker of the "piscina used directly" contender: the same functions
// as every other contender, one named export each (`pool.run(args, { name })`).
import { fibonacci, sha256Of, type FibArgs, type Sha256Args } from './cpu-functions.js';

export function noop(): null {
  return null;
}

export function fib(args: FibArgs): number {
  return fibonacci(args.n);
}

export function sha256(args: Sha256Args): string {
  return sha256Of(args.bytes);
}
