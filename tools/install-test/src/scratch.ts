import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository this test packs. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * Where the apps are made: a fresh directory outside the repository (set by the global setup),
 * so that nothing resolves from the workspace's node_modules.
 */
export function scratchDir(...parts: string[]): string {
  const root = process.env['TASKGATE_INSTALL_TEST_DIR'];
  if (!root) throw new Error('TASKGATE_INSTALL_TEST_DIR is not set: run this project through its jest config (global setup)');
  const dir = join(root, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** npm's cache, kept between runs in the repository's git-ignored tmp/ so that a second run installs offline. */
export const npmCacheDir = join(repoRoot, 'tmp', 'install-test', 'npm-cache');

/** The environment of a child process, without what the npm or Nx running this test put in it. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NX_|JEST_|INIT_CWD$|NODE_OPTIONS$|NODE_PATH$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface Ran {
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects with its output when it fails or outlives `timeoutMs`. */
export function run(command: string, args: string[], options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? cleanEnv(), timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
        else done({ stdout, stderr });
      },
    );
  });
}

/** `npm install` in an app directory, against the registry through the shared cache. */
export function npmInstall(cwd: string): Promise<Ran> {
  return run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error', '--cache', npmCacheDir],
    { cwd, timeoutMs: 240_000 },
  );
}

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
