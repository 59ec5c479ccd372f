import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// Extensionless on purpose: the worker entry imports this file before `./x.js`
// specifiers can resolve to TypeScript sources (see resolveJsSpecifiersToTypeScript).
import { typeScriptLoaderMissingMessage } from '../errors/taskgate.messages';

/*
 * How worker threads load TypeScript sources: in development and tests (Jest
 * runs the sources, never a build), the pool's workers are plain Node threads.
 * A built application needs none of this.
 */

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** Node's CommonJS loader internals that the resolution fallback wraps. */
interface CommonJsLoader {
  _extensions: Record<string, unknown>;
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]): string;
}

/** True when `file` is TypeScript source. */
export function isTypeScript(file: string): boolean {
  return TYPESCRIPT.test(file);
}

/**
 * Worker options that make the pool's workers load TypeScript: `@swc-node/register`
 * preloaded (with decorators and their metadata from the nearest `tsconfig.json`,
 * unless `SWC_NODE_PROJECT`/`TS_NODE_PROJECT` name one). Undefined when no file
 * in `files` is TypeScript, as in a built application.
 */
export function typeScriptWorkerOptions(files: readonly string[]): { execArgv: string[]; env: NodeJS.ProcessEnv } | undefined {
  const source = files.find(isTypeScript);
  if (source === undefined) return undefined;
  const register = resolveFrom('@swc-node/register', [source, __filename]);
  if (register === undefined) throw new Error(typeScriptLoaderMissingMessage(source));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!env['SWC_NODE_PROJECT'] && !env['TS_NODE_PROJECT']) {
    const project = nearestTsconfig(dirname(source));
    if (project !== undefined) env['SWC_NODE_PROJECT'] = project;
  }
  return { execArgv: ['--require', register], env };
}

/**
 * In a worker that loads TypeScript sources, lets `./x.js` specifiers (the
 * nodenext style of these sources) find `./x.ts`. Does nothing otherwise.
 */
export function resolveJsSpecifiersToTypeScript(): void {
  const loader = Module as unknown as CommonJsLoader;
  if (!('.ts' in loader._extensions) || patched.has(loader)) return;
  patched.add(loader);
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request, parent, ...rest) {
    try {
      return resolve.call(this, request, parent, ...rest);
    } catch (error) {
      const fromTypeScript = typeof parent?.filename === 'string' && isTypeScript(parent.filename);
      if (!fromTypeScript || !request.startsWith('.') || !request.endsWith('.js')) throw error;
      return resolve.call(this, `${request.slice(0, -3)}.ts`, parent, ...rest);
    }
  };
}

const patched = new WeakSet<object>();

function resolveFrom(request: string, files: string[]): string | undefined {
  for (const file of files) {
    try {
      return createRequire(file).resolve(request);
    } catch {
      // not installed where `file` is: try the next place
    }
  }
  return undefined;
}

function nearestTsconfig(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}
