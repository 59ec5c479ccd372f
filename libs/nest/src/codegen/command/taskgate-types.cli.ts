import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { USAGE, failedMessage, missingMessage, staleMessage, unchangedMessage, wroteMessage } from '../codegen.messages.js';
import { TaskMapError } from '../task-map.error.js';
import { DEFAULT_TASK_MAP_NAME, generateTaskMap, taskMapStatus, writeTaskMap } from '../task-map.generator.js';

/** Exit codes of `taskgate-types`. */
export const ExitCode = {
  /** Written, or up to date. */
  Ok: 0,
  /** `--check`: the file is missing or stale. */
  Stale: 1,
  /** A problem in the project or on the command line; nothing written. */
  Error: 2,
} as const;

/** Where the command line writes and what it resolves paths against. */
export interface CliIo {
  cwd: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/**
 * `taskgate-types -o <file> [-p <tsconfig>] [--name <Name>] [--check]`: generates the task map,
 * or with `--check` compares it with the file on disk. Returns the exit code; a problem of the
 * project or of the arguments is printed, anything else (a bug) is thrown.
 */
export function runTaskgateTypes(argv: readonly string[], io: CliIo): number {
  let values: { project?: string; out?: string; name?: string; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        project: { type: 'string', short: 'p' },
        out: { type: 'string', short: 'o' },
        name: { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr(`taskgate-types: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return ExitCode.Error;
  }
  if (values.help) {
    io.stdout(USAGE);
    return ExitCode.Ok;
  }
  if (!values.out) {
    io.stderr(`taskgate-types: --out is required\n\n${USAGE}`);
    return ExitCode.Error;
  }
  const project = values.project ?? 'tsconfig.json';
  const name = values.name ?? DEFAULT_TASK_MAP_NAME;
  try {
    const generated = generateTaskMap({ project, out: values.out, name, cwd: io.cwd });
    const shown = relative(io.cwd, generated.file) || generated.file;
    const count = generated.tasks.length;
    if (!values.check) {
      io.stdout(writeTaskMap(generated) ? wroteMessage(shown, count) : unchangedMessage(shown, count));
      return ExitCode.Ok;
    }
    const status = taskMapStatus(generated);
    if (status === 'current') {
      io.stdout(unchangedMessage(shown, count));
      return ExitCode.Ok;
    }
    const command = regenerateCommand(project, values.out, name);
    io.stderr(status === 'missing' ? missingMessage(shown, command) : staleMessage(shown, command));
    return ExitCode.Stale;
  } catch (error) {
    if (!(error instanceof TaskMapError)) throw error;
    io.stderr([...error.problems, failedMessage(error.problems.length)].join('\n'));
    return ExitCode.Error;
  }
}

/** The command that writes the file the check found missing or stale. */
function regenerateCommand(project: string, out: string, name: string): string {
  return ['taskgate-types', '-p', project, '-o', out, ...(name === DEFAULT_TASK_MAP_NAME ? [] : ['--name', name])].join(' ');
}
