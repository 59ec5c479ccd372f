import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Thread tasks where the application is not a CommonJS build run by Node: an ES module app, and
 * TypeScript sources under the loaders developers run them with. Each case runs a fixture app in
 * a child process that imports @taskgate/nest as an app does (its build, libs/nest/dist), and
 * runs one thread task whose provider injects a service.
 */

jest.setTimeout(20_000);

const root = join(__dirname, '..', '..', '..');
const loaderApp = join(__dirname, 'support', 'loader-app');
const esmApp = join(__dirname, 'support', 'esm-app');
const run = promisify(execFile);

/** Runs `args` with node in `cwd` and parses the JSON line the fixture prints. */
async function runFixture(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const { stdout } = await run(process.execPath, args, { cwd, env: { ...process.env, ...env }, timeout: 15_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

const greeted = (greeting: string) => ({ status: 'succeeded', result: { greeting, isMainThread: false } });

describe('Thread tasks outside a CommonJS build', () => {
  beforeAll(() => {
    // The fixtures import @taskgate/nest as an app does: its build (Nx's cache makes it quick when nothing changed).
    execFileSync('npx', ['nx', 'run', 'nest:build', '--outputStyle=static'], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
    });
  }, 120_000);

  it('run in an ES module app ("type": "module"): workers import the module from the file V8 says defines it', async () => {
    await expect(runFixture(['main.js'], esmApp)).resolves.toMatchObject({
      ...greeted('hello esm'),
      result: { moduleUrl: `file://${join(esmApp, 'greeting.module.js')}` },
    });
  });

  it('run from TypeScript sources under node --import tsx: workers inherit the loader', async () => {
    const result = await runFixture(['--import', 'tsx', 'main.ts'], loaderApp);
    expect(result).toMatchObject({ ...greeted('hello loader'), result: { execArgv: ['--import', 'tsx'] } });
  });

  it('run from TypeScript sources under node -r @swc-node/register: workers inherit the loader', async () => {
    const result = await runFixture(['-r', '@swc-node/register', 'main.ts'], loaderApp, {
      SWC_NODE_PROJECT: join(loaderApp, 'tsconfig.json'),
    });
    expect(result).toMatchObject({ ...greeted('hello loader'), result: { execArgv: ['-r', '@swc-node/register'] } });
  });

  it("run from TypeScript sources under ts-node's CLI, which registers itself without execArgv: workers preload ts-node/register", async () => {
    const result = await runFixture([require.resolve('ts-node/dist/bin.js'), 'main.ts'], loaderApp, { TS_NODE_TRANSPILE_ONLY: 'true' });
    expect(result).toMatchObject({ ...greeted('hello loader'), result: { execArgv: ['--require', require.resolve('ts-node/register')] } });
  });

  it('run in a Vitest test, which transforms the sources in its own runtime: workers fall back to @swc-node/register', async () => {
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    await expect(
      run(process.execPath, [vitest, 'run', '--config', join(loaderApp, 'vitest.config.mts')], { cwd: loaderApp, timeout: 30_000 }),
    ).resolves.toMatchObject({
      stdout: expect.stringMatching(/Tests\s+.*1 passed/),
    });
  }, 40_000);
});
