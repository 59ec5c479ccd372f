/** Message factories: one place for every text the library says to users and developers. */

export const unknownTaskMessage = (name: string) => `Unknown task "${name}"`;
export const duplicateIdMessage = (id: string, task: string) => `Id "${id}" is already used by this client for task "${task}"`;
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
export const unknownOptionMessage = (option: string, key: string, known: readonly string[]) =>
  `${option} has no option "${key}"${closest(key, known)}; it takes ${known.join(', ')}`;
export const invalidOptionMessage = (option: string, expected: string, actual: unknown) =>
  `${option} must be ${expected}, got ${typeof actual === 'string' ? JSON.stringify(actual) : String(actual)}`;

export const workerCrashedMessage = (detail: string) =>
  `The worker thread running the task crashed (${detail}); it was replaced, other tasks are unaffected`;
export const argsNotCloneableMessage = (task: string, detail: string) =>
  `The arguments of thread task "${task}" cannot be copied to a worker thread: ${detail}`;
export const resultNotCloneableMessage = (task: string, detail: string) =>
  `The result of thread task "${task}" cannot be copied from its worker thread: ${detail}`;
export const progressNotCloneableMessage = (detail: string) => `ctx.progress() data cannot be copied from a worker thread: ${detail}`;
export const progressTypeMessage = () => 'ctx.progress(progress) expects a number from 0 to 1';
export const threadBootFailedMessage = () => 'The worker thread could not start the modules of its tasks; see the server log';
export const threadTaskMissingMessage = (task: string, modules: string) =>
  `No thread task "${task}" in the worker, which booted ${modules}. Declare its provider in the static @Module() metadata of one of them (not in a dynamic module).`;
export const threadProviderUndeclaredMessage = (where: string) =>
  `Thread task ${where}: its provider is not declared in any module, so no worker can boot it.`;
export const threadDynamicModuleMessage = (where: string, module: string) =>
  `Thread task ${where}: its provider comes from a dynamic module of ${module} (forRoot(), register()...), which a worker thread cannot rebuild. List it in the static @Module({ providers }) of a module.`;
export const threadModuleNotFoundMessage = (where: string, module: string, reason: string) =>
  `Thread task ${where}: no loaded CommonJS file exports its module ${module}, and node:inspector, which finds the file of an ES module, cannot be used here (${reason}). Worker threads boot that module from its file: build the app to CommonJS, or run it where node:inspector is available (not under the permission model).`;
export const threadModuleFileUnknownMessage = (where: string, module: string, script: string | undefined) =>
  `Thread task ${where}: its module ${module} is not defined in a file that a worker thread can load (${script ? `it comes from ${script}` : 'no file is known for it'}). Declare the module class with export in a file of its own, not by eval or a factory function.`;
export const threadTargetNotExportedMessage = (file: string, module: string, exportName: string | undefined) =>
  `${file} does not export the module ${module}${exportName === undefined ? '' : ` as "${exportName}"`}: export the module class from the file that declares it.`;
export const typeScriptLoaderMissingMessage = (file: string) =>
  `Thread tasks from TypeScript sources (${file}) need a TypeScript loader in worker threads. None is active in this process that workers inherit (such as node --import tsx, or -r @swc-node/register, or ts-node), and @swc-node/register, the fallback (under Jest or Vitest), is not installed: install it (npm i -D @swc-node/register @swc/core), or run the built JavaScript.`;
export const rolesWithoutAuthenticateMessage = (tasks: string[]) =>
  `Tasks ${tasks.join(', ')} declare roles, but TaskgateModule has no authenticate option: no caller has a principal, so every call of them is refused with FORBIDDEN`;
export const hostNotAllowedMessage = (host: string) =>
  `Host "${host}" is not allowed: the server is reached only by IP address, localhost and the names in TaskgateModule option allowedHosts`;
export const originNotAllowedMessage = (origin: string) =>
  `Origin ${origin} is not allowed: add it to TaskgateModule option allowedOrigins`;
export const forbiddenTaskMessage = (name: string) => `You may not run task "${name}"`;
export const payloadTooLargeMessage = (max: number) => `The task:run message exceeds ${max} bytes`;
export const rateLimitedMessage = () => 'Too many requests on this connection; slow down';
export const tooManyTasksMessage = (max: number) => `This client already has ${max} tasks in flight`;

/** ` (did you mean "x"?)` for the known name that differs least from `key`, when one is close. */
function closest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
