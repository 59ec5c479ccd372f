import type { Type } from '@nestjs/common';
import { threadTargetNotExportedMessage } from '../../errors/taskgate.messages.js';
import { fileURLToPath } from 'node:url';
import type { ThreadTarget } from '../thread.protocol.js';
import { isTypeScript } from '../typescript.loader.js';

/**
 * Loads, in a worker, the module classes that declare thread tasks: a path is `require()`d
 * (CommonJS, or TypeScript under a CommonJS loader), a `file:` URL is `import()`ed (an ES
 * module, or TypeScript under an ESM loader such as tsx).
 */
export async function loadThreadModules(targets: readonly ThreadTarget[]): Promise<Type[]> {
  const modules: Type[] = [];
  for (const target of targets) modules.push(await loadThreadModule(target));
  return modules;
}

async function loadThreadModule(target: ThreadTarget): Promise<Type> {
  const exports: unknown = target.file.startsWith('file:') ? await importUrl(target.file) : require(target.file);
  const module = exportOf(exports, target);
  if (module === undefined) throw new TypeError(threadTargetNotExportedMessage(target.file, target.name, target.exportName));
  return module;
}

/** The export named `exportName`; without a name, `module.exports` itself, or else the one export that holds a class of that name. */
function exportOf(exports: unknown, { name, exportName }: ThreadTarget): Type | undefined {
  const isTarget = (value: unknown): value is Type => typeof value === 'function' && value.name === name;
  if (exportName !== undefined) {
    const value = (exports as Record<string, unknown> | null | undefined)?.[exportName];
    return isTarget(value) ? value : undefined;
  }
  if (isTarget(exports)) return exports;
  if (typeof exports !== 'object' || exports === null) return undefined;
  const found = new Set(Object.values(exports).filter(isTarget));
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * Node's refusals of a TypeScript file its ES module loader cannot run: an unknown extension
 * (Node 20), or syntax that its own type stripping (Node 22.18 and later) does not handle, such as
 * decorators' parameter properties.
 */
const UNLOADABLE_TYPESCRIPT = new Set([
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING',
]);

/**
 * Imports a `file:` URL. TypeScript found by a test runner (Vitest transforms it in its own
 * runtime) is required when this worker has a CommonJS TypeScript loader (the fallback,
 * `@swc-node/register`): Node's own loader would strip its types and fail on its decorators. Any
 * other TypeScript that Node's ES module loader refuses is required too.
 */
async function importUrl(url: string): Promise<unknown> {
  if (isTypeScript(url) && '.ts' in require.extensions) return require(fileURLToPath(url)) as unknown;
  try {
    return await importFile(url);
  } catch (error) {
    if (!UNLOADABLE_TYPESCRIPT.has((error as { code?: unknown } | null)?.code as string) || !isTypeScript(url)) throw error;
    return require(fileURLToPath(url)) as unknown;
  }
}

/**
 * A real `import()`. NOTE: written through `Function` because transpilers that compile this file
 * to CommonJS (SWC, as workers load the sources in development and under Jest) turn an
 * `import()` expression into `require()`, which cannot load an ES module by URL. tsc's `nodenext`
 * build keeps it; this stays correct in both. Only ever called in a worker thread, never in a
 * `vm` context.
 */
const importFile = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
