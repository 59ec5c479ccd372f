import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startApp, type RunningApp } from './app-process';
import { callTasks, compile, installApp, nestAppManifest, writeNestApp } from './nest-app';
import { scratchDir } from './scratch';

describe('a Nest 11 app, CommonJS (the module: commonjs tsconfig of apps made before Nest 11), compiled with tsc', () => {
  const dir = scratchDir('nest11');
  let app: RunningApp;
  beforeAll(async () => {
    await installApp(
      dir,
      nestAppManifest('nest11-commonjs-app', { nest: '^11.0.0', typescript: '~5.9.0', typesNode: '^20.19.0' }, 'commonjs'),
    );
    writeNestApp(dir, 'commonjs', 'legacy');
    await compile(dir);
    app = await startApp(dir, 'dist/main.js');
  }, 300_000);
  afterAll(() => app?.stop());

  it('installs Nest 11 beside @taskgate/nest without a peer conflict', () => {
    const nest = createRequire(join(dir, 'package.json'))('@nestjs/core/package.json') as { version: string };
    expect(nest.version).toMatch(/^11\./);
  });

  it('runs an inline task and a thread task whose provider injects a service, called by @taskgate/client in Node', async () => {
    const results = await callTasks(dir, app.url, 'add', 'sumOfSquares');
    expect(results['add']).toMatchObject({ status: 'succeeded', result: { sum: 42, threadId: 0 } });
    expect(results['sumOfSquares']).toMatchObject({ status: 'succeeded', result: { sum: 385 } });
    expect((results['sumOfSquares']?.result as { threadId: number }).threadId).toBeGreaterThan(0);
  });
});
