import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startApp, type RunningApp } from './app-process';
import { callTasks, compile, installApp, nestAppManifest, writeJson, writeNestApp, type NestAppVersions } from './nest-app';
import { scratchDir } from './scratch';

const NEST_12: NestAppVersions = { nest: '^12.0.0', typescript: '^6.0.2', typesNode: '^22.0.0' };

// One install serves both apps: the CommonJS app at the root, the ESM app in a folder of its own
// with its own package.json ("type": "module"), resolving the same node_modules.
const root = scratchDir('nest12');
const esmDir = scratchDir('nest12', 'esm-app');
let installed: Promise<unknown> | undefined;
const install = () => (installed ??= installApp(root, nestAppManifest('nest12-commonjs-app', NEST_12, 'commonjs')));

const running: RunningApp[] = [];
async function start(dir: string, entry: string): Promise<RunningApp> {
  const app = await startApp(dir, entry);
  running.push(app);
  return app;
}
afterAll(async () => {
  await Promise.all(running.map((app) => app.stop()));
});

function expectBothTasksSucceeded(results: Awaited<ReturnType<typeof callTasks>>): void {
  expect(results['add']).toMatchObject({ status: 'succeeded', result: { sum: 42, threadId: 0 } });
  expect(results['sumOfSquares']).toMatchObject({ status: 'succeeded', result: { sum: 385 } });
  // run in a worker thread, with MathService injected there
  expect((results['sumOfSquares']!.result as { threadId: number }).threadId).toBeGreaterThan(0);
}

describe('a Nest 12 app, CommonJS (nest new before ESM: nodenext, no "type"), compiled with tsc', () => {
  let app: RunningApp;
  beforeAll(async () => {
    await install();
    writeNestApp(root, 'commonjs', 'modern');
    await compile(root);
    app = await start(root, 'dist/main.js');
  }, 300_000);

  it('installs Nest 12 beside @taskgate/nest without a peer conflict', () => {
    const nest = createRequire(join(root, 'package.json'))('@nestjs/core/package.json') as { version: string };
    expect(nest.version).toMatch(/^12\./);
  });

  it('runs an inline task and a thread task whose provider injects a service, called by @taskgate/client in Node', async () => {
    expectBothTasksSucceeded(await callTasks(root, app.url, 'add', 'sumOfSquares'));
  });

  it('serves the browser bundle from node_modules (useStaticAssets on require.resolve of @taskgate/client/browser)', async () => {
    const response = await fetch(`${app.url}/vendor/taskgate-client.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const file = createRequire(join(root, 'package.json')).resolve('@taskgate/client/browser');
    expect(await response.text()).toBe(readFileSync(file, 'utf8'));
  });
});

describe('a Nest 12 app, ESM ("type": "module", module nodenext, as nest new makes it), compiled with tsc', () => {
  let inlineApp: RunningApp;
  beforeAll(async () => {
    await install();
    writeJson(join(esmDir, 'package.json'), nestAppManifest('nest12-esm-app', NEST_12, 'esm'));
    writeNestApp(esmDir, 'esm', 'modern');
    await compile(esmDir, root);
    inlineApp = await start(esmDir, 'dist/main-inline.js');
  }, 300_000);

  it('runs an inline task, called by @taskgate/client in Node (ESM)', async () => {
    const results = await callTasks(esmDir, inlineApp.url, 'add');
    expect(results['add']).toMatchObject({ status: 'succeeded', result: { sum: 42, threadId: 0 } });
  });

  it('serves the browser bundle from node_modules (useStaticAssets on import.meta.resolve of @taskgate/client/browser)', async () => {
    const response = await fetch(`${inlineApp.url}/vendor/taskgate-client.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });

  // Known to fail until libs/nest locates thread modules without require.cache (an ESM app fills none).
  it('runs a thread task whose provider injects a service', async () => {
    const app = await start(esmDir, 'dist/main.js');
    expectBothTasksSucceeded(await callTasks(esmDir, app.url, 'add', 'sumOfSquares'));
  });
});
