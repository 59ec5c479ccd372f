import type { ServerTasks } from '@taskgate/server/tasks';

/** Arguments the demo page pre-fills for each demo task. */
export const DEFAULT_ARGS: { [K in keyof ServerTasks]: ServerTasks[K]['args'] } = {
  test: undefined,
  echo: { hello: 'world' } as never,
  add: { a: 2, b: 3 },
  fail: undefined,
  progress: { steps: 10, delayMs: 300 },
  fib: { n: 35 },
  hash: { text: 'taskgate', rounds: 200_000 },
};
