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
 * Imports a `file:` URL. TypeScript that Node's ESM loader cannot load in this worker (a test
 * runner found it, such as Vitest, and the worker's loader is the CommonJS fallback) is required.
 */
async function importUrl(url: string): Promise<unknown> {
  try {
    return await importFile(url);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !isTypeScript(url)) throw error;
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
