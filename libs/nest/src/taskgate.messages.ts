/** Message factories: one place for every text the library says to users and developers. */

export const unknownTaskMessage = (name: string) => `Unknown task "${name}"`;
export const duplicateIdMessage = (id: string, task: string) =>
  `Id "${id}" is already used by this client for task "${task}"`;
export const queueFullMessage = (max: number) => `The task queue is full (${max} waiting); try again later`;
export const shuttingDownMessage = () => 'The server is shutting down and accepts no new task';
export const timeoutMessage = (ms: number) => `The task did not finish within ${ms} ms`;
export const cancelledMessage = (reason: string) => `The task was cancelled (${reason})`;
export const notFoundMessage = (id: string) => `No task with id "${id}" is known for this client`;
export const internalMessage = () => 'Internal server error';
export const taskFailedFallbackMessage = () => 'The task failed';

export const duplicateTaskMessage = (name: string, first: string, second: string) =>
  `Task "${name}" is declared twice: by ${first} and by ${second}. Give one of them another name with @TaskFunction({ name }).`;
export const scopedProviderMessage = (where: string) =>
  `@TaskFunction() on ${where}: tasks must live on singleton (default-scoped) providers, not request- or transient-scoped ones.`;
export const invalidOptionMessage = (option: string, expected: string, actual: unknown) =>
  `${option} must be ${expected}, got ${typeof actual === 'string' ? JSON.stringify(actual) : String(actual)}`;
