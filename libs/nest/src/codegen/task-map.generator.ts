import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { invalidInterfaceNameMessage, outputNotTypeScriptMessage } from './codegen.messages.js';
import { loadTypeScript } from './compiler.loader.js';
import { readProject } from './project.reader.js';
import { TaskMapError } from './task-map.error.js';
import { printTaskMap } from './task-map.printer.js';
import { findTaskMethods, type TaskMethod } from './task-method.finder.js';

/** What {@link generateTaskMap} reads and what it makes. */
export interface GenerateTaskMapOptions {
  /** The project's tsconfig, as `tsc -p` takes it. Relative to `cwd`. */
  project: string;
  /** The file the task map goes to, e.g. `src/tasks.generated.ts`. Relative to `cwd`. */
  out: string;
  /** The exported type's name. Default `ServerTasks`. */
  name?: string;
  /** What relative paths start from, and messages are relative to. Default `process.cwd()`. */
  cwd?: string;
}

/** A generated task map, not yet written. */
export interface GeneratedTaskMap {
  /** Absolute path of the output file. */
  file: string;
  /** Its full text. */
  content: string;
  /** The tasks it holds, sorted by name. */
  tasks: readonly Pick<TaskMethod, 'name' | 'methodName' | 'className' | 'where'>[];
}

/** Whether the file on disk is the generated one. */
export type TaskMapStatus = 'current' | 'stale' | 'missing';

export const DEFAULT_TASK_MAP_NAME = 'ServerTasks';

/**
 * Reads a TypeScript project with the compiler (the optional peer `typescript`) and makes its task
 * map: one entry per `@TaskFunction()` method of its files, under its task name, typed by
 * `TaskSignatureOf<Provider['method']>`, for `new TaskClient<ServerTasks>(...)`. Nothing is written.
 *
 * @throws TaskMapError with every problem (`file:line` first) when a task name cannot be read,
 *   two tasks share a name, a provider is not exported, or the project cannot be read.
 *
 * @example
 * ```ts
 * import { generateTaskMap, writeTaskMap } from '@taskgate/nest/codegen';
 * writeTaskMap(generateTaskMap({ project: 'tsconfig.json', out: 'src/tasks.generated.ts' }));
 * ```
 */
export function generateTaskMap(options: GenerateTaskMapOptions): GeneratedTaskMap {
  const cwd = options.cwd ?? process.cwd();
  const name = options.name ?? DEFAULT_TASK_MAP_NAME;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new TaskMapError([invalidInterfaceNameMessage(name)]);
  const file = resolve(cwd, options.out);
  if (!/^\.[cm]?ts$/.test(extname(file)) || file.endsWith('.d.ts')) throw new TaskMapError([outputNotTypeScriptMessage(options.out)]);
  const ts = loadTypeScript();
  const project = readProject(ts, options.project, cwd, [file]);
  const { tasks, problems } = findTaskMethods(ts, project, cwd);
  if (problems.length > 0) throw new TaskMapError(problems);
  const content = printTaskMap(tasks, { out: file, name });
  const sorted = [...tasks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { file, content, tasks: sorted.map(({ name, methodName, className, where }) => ({ name, methodName, className, where })) };
}

/** Compares the generated map with the file on disk. */
export function taskMapStatus(generated: GeneratedTaskMap): TaskMapStatus {
  if (!existsSync(generated.file)) return 'missing';
  return readFileSync(generated.file, 'utf8') === generated.content ? 'current' : 'stale';
}

/** Writes the generated map, unless the file already holds it. Returns whether it wrote. */
export function writeTaskMap(generated: GeneratedTaskMap): boolean {
  if (taskMapStatus(generated) === 'current') return false;
  mkdirSync(dirname(generated.file), { recursive: true });
  writeFileSync(generated.file, generated.content);
  return true;
}
