import type TypeScript from 'typescript';
import { typeScriptMissingMessage } from './codegen.messages.js';
import { TaskMapError } from './task-map.error.js';

/** The TypeScript compiler API, as the generator uses it. */
export type Compiler = typeof TypeScript;

/**
 * Loads `typescript`, an optional peer of `@taskgate/nest`, when the generator runs: the module
 * never loads it. Throws a {@link TaskMapError} naming the package when it is not installed.
 */
export function loadTypeScript(): Compiler {
  try {
    return require('typescript') as Compiler;
  } catch (error) {
    throw new TaskMapError([typeScriptMissingMessage(String(error instanceof Error ? error.message.split('\n')[0] : error))]);
  }
}
