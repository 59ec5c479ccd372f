import { resolve } from 'node:path';
import type TypeScript from 'typescript';
import type { Compiler } from './compiler.loader.js';
import { projectUnreadableMessage } from './codegen.messages.js';
import { TaskMapError } from './task-map.error.js';

/** A TypeScript project read from its tsconfig: the program and the files the tsconfig lists. */
export interface TaskProject {
  program: TypeScript.Program;
  /**
   * The project's own files (the tsconfig's `files`/`include`, without declaration files): where
   * tasks are looked for. Files the program reaches through imports or `paths` (libraries, other
   * projects of a monorepo) are read for their types only.
   */
  files: readonly TypeScript.SourceFile[];
}

/**
 * Reads `tsconfig` (a path, relative to `cwd`) as `tsc -p` does and builds its program, without
 * emitting anything. `exclude` are files to leave out of it (the output file).
 */
export function readProject(ts: Compiler, tsconfig: string, cwd: string, exclude: readonly string[] = []): TaskProject {
  const configFile = resolve(cwd, tsconfig);
  const unreadable = (diagnostic: TypeScript.Diagnostic) =>
    new TaskMapError([projectUnreadableMessage(tsconfig, ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))]);
  let fatal: TypeScript.Diagnostic | undefined;
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        fatal = diagnostic;
      },
    },
  );
  if (fatal) throw unreadable(fatal);
  if (!config) throw new TaskMapError([projectUnreadableMessage(tsconfig, 'no such file')]);
  const configErrors = config.errors.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  // "No inputs were found" is an empty project, not an unreadable one: it has no tasks.
  const blocking = configErrors.filter((diagnostic) => diagnostic.code !== 18003);
  if (blocking[0]) throw unreadable(blocking[0]);
  const skipped = new Set(exclude.map((file) => resolve(file)));
  const rootNames = config.fileNames.filter((file) => !skipped.has(resolve(file)));
  const program = ts.createProgram({
    rootNames,
    options: { ...config.options, noEmit: true },
    projectReferences: config.projectReferences,
  });
  const files = rootNames
    .map((file) => program.getSourceFile(file))
    .filter((file): file is TypeScript.SourceFile => file !== undefined && !file.isDeclarationFile);
  return { program, files };
}
