import type { ProgressEvent, TaskResult } from '@taskgate/protocol';

/** What {@link TaskClient.stream} yields: progress events, then the result. */
export type TaskStreamEvent<R> = { type: 'progress'; event: ProgressEvent } | { type: 'result'; result: TaskResult<R> };

/**
 * Turns one callback-style run into an async generator of its progress events and its result.
 * `start` starts the run with the two listeners and returns its id; `cancel` is called with it
 * when the consumer stops early (a `break` out of `for await`).
 */
export async function* streamRun<R>(
  start: (onResult: (result: TaskResult<R>) => void, onProgress: (event: ProgressEvent) => void) => string,
  cancel: (id: string) => void,
): AsyncGenerator<TaskStreamEvent<R>, void, undefined> {
  const buffer: Array<TaskStreamEvent<R>> = [];
  let wake: (() => void) | undefined;
  let done = false;
  const push = (event: TaskStreamEvent<R>) => {
    buffer.push(event);
    wake?.();
  };
  const id = start(
    (result) => ((done = true), push({ type: 'result', result })),
    (event) => push({ type: 'progress', event }),
  );
  try {
    for (;;) {
      while (buffer.length > 0) {
        const event = buffer.shift()!;
        yield event;
        if (event.type === 'result') return;
      }
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    if (!done) cancel(id);
  }
}
