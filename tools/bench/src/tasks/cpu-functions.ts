import { createHash } from 'node:crypto';

/** The work every contender runs: the same functions, inline, in piscina, in Taskgate, in BullMQ. */

/** Argument of `fib`: fib(25) is ~1 ms of CPU on a current core. */
export interface FibArgs {
  n: number;
}

/** Argument of `sha256`: hashes a block of `bytes` filled once per thread, so the work is CPU, not transfer. */
export interface Sha256Args {
  bytes: number;
}

/** Naive recursive Fibonacci: deliberately CPU bound. */
export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

const blocks = new Map<number, Buffer>();

/** sha-256 (hex) of a deterministic block of `bytes` bytes. */
export function sha256Of(bytes: number): string {
  let block = blocks.get(bytes);
  if (!block) {
    block = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) block[i] = (i * 31 + 7) & 0xff;
    blocks.set(bytes, block);
  }
  return createHash('sha256').update(block).digest('hex');
}

/** The bench functions by name, as the raw server, the BullMQ worker and the inline reference call them. */
export const benchFunctions: Record<string, (args: any) => unknown> = {
  noop: () => null,
  fib: (args: FibArgs) => fibonacci(args.n),
  sha256: (args: Sha256Args) => sha256Of(args.bytes),
};
