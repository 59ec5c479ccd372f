import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Extensionless on purpose: the worker entry imports this file before `./x.js`
// specifiers can resolve to TypeScript sources (see resolveJsSpecifiersToTypeScript).
import { typeScriptLoaderMissingMessage } from '../errors/taskgate.messages';

/*
 * How worker threads load TypeScript sources: in development and tests, when
 * the application runs from its sources, the pool's workers are plain Node
 * threads that need a loader too. A built application needs none of this.
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
 * Worker options that make the pool's workers load TypeScript, when a file in `files` is
 * TypeScript (none in a built application: then undefined).
 *
 * - A loader that this process preloads (`node --import tsx`, `node -r @swc-node/register`,
 *   `node -r ts-node/register`, the `tsx` CLI, which starts Node so): workers inherit the
 *   process's `execArgv` and environment, so they preload the same loader. Undefined: nothing to override.
 * - ts-node's CLI (`ts-node main.ts`), which registers itself in the process without `execArgv`:
 *   workers preload `ts-node/register`, configured as the process is by `TS_NODE_*` and tsconfig.
 * - No loader in the process, because a test runner transforms the sources in its own runtime
 *   (Jest, Vitest): workers preload `@swc-node/register`, with decorators and their metadata from
 *   the nearest `tsconfig.json` (unless `SWC_NODE_PROJECT`/`TS_NODE_PROJECT` name one).
 */
export function typeScriptWorkerOptions(files: readonly string[]): { execArgv: string[]; env?: NodeJS.ProcessEnv } | undefined {
  const source = files.find(isTypeScript);
  if (source === undefined || preloadsTypeScriptLoader()) return undefined;
  const sourceFile = source.startsWith('file:') ? fileURLToPath(source) : source;
  if (isTsNodeRegistered()) {
    const tsNode = resolveFrom('ts-node/register', [sourceFile, __filename]);
    if (tsNode !== undefined) return { execArgv: ['--require', tsNode] };
  }
  const register = resolveFrom('@swc-node/register', [sourceFile, __filename]);
  if (register === undefined) throw new Error(typeScriptLoaderMissingMessage(sourceFile));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!env['SWC_NODE_PROJECT'] && !env['TS_NODE_PROJECT']) {
    const project = nearestTsconfig(dirname(sourceFile));
    if (project !== undefined) env['SWC_NODE_PROJECT'] = project;
  }
  return { execArgv: ['--require', register], env };
}

/** The flags by which Node preloads a module (`--require x`, `-r x`, `--import=x`...). */
const PRELOAD = /^(?:--require|-r|--import|--loader|--experimental-loader)(?:=(.*))?$/;

/**
 * True when this process preloads, from its command line or `NODE_OPTIONS` (which workers both
 * inherit), a module that loads TypeScript: one that registered a `.ts` handler in Node's
 * CommonJS loader, as tsx, ts-node and @swc-node/register do, or one known by name to be a
 * TypeScript loader (an ESM-only one, such as `tsx/esm`, registers no such handler).
 */
export function preloadsTypeScriptLoader(): boolean {
  const preloads = preloaded([...process.execArgv, ...splitNodeOptions(process.env['NODE_OPTIONS'])]);
  if (preloads.length === 0) return false;
  const loader = Module as unknown as CommonJsLoader;
  return '.ts' in loader._extensions || preloads.some((specifier) => TYPESCRIPT_LOADER.test(specifier));
}

/** Module names of TypeScript loaders, in any form a preload flag gives them (a name, a path, a URL). */
const TYPESCRIPT_LOADER =
  /(?:^|[\\/])(?:tsx|ts-node|@swc-node[\\/]register|@swc[\\/]register|esbuild-register|@esbuild-kit|jiti|sucrase)(?:$|[\\/])/;

function preloaded(args: readonly string[]): string[] {
  const specifiers: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = PRELOAD.exec(args[i]!);
    if (!flag) continue;
    const specifier = flag[1] ?? args[++i];
    if (specifier !== undefined) specifiers.push(specifier);
  }
  return specifiers;
}

function splitNodeOptions(options: string | undefined): string[] {
  return options?.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)?.map((arg) => arg.replace(/^(['"])(.*)\1$/, '$2')) ?? [];
}

/** True when ts-node registered itself in this process (its CLI does, without `execArgv`). */
function isTsNodeRegistered(): boolean {
  return (process as unknown as Record<symbol, unknown>)[Symbol.for('ts-node.register.instance')] !== undefined;
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
