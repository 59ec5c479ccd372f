import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startApp, type RunningApp } from './app-process';
import { callTasks, compile, installApp, nestAppManifest, writeJson, writeNestApp, type NestAppVersions } from './nest-app';
import { tarballDependencies, tarballOf } from './packages';
import { run, scratchDir } from './scratch';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

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
  expect((results['sumOfSquares']?.result as { threadId: number }).threadId).toBeGreaterThan(0);
}

/** The installed `taskgate-types` of the app in `dir`, run through its node_modules/.bin link as `npx` runs it. */
function taskgateTypes(dir: string, ...args: string[]) {
  return run(join(dir, 'node_modules', '.bin', 'taskgate-types'), args, { cwd: dir, timeoutMs: 60_000 });
}

describe('a Nest 12 app, CommonJS (nest new before ESM: nodenext, no "type"), compiled with tsc', () => {
  let app: RunningApp;
  let generated: Awaited<ReturnType<typeof taskgateTypes>>;
  beforeAll(async () => {
    await install();
    writeNestApp(root, 'commonjs', 'modern');
    // The app's task map, from its own @TaskFunction() methods, and a client typed by it.
    generated = await taskgateTypes(root, '-p', 'tsconfig.build.json', '-o', 'src/tasks.generated.ts');
    cpSync(join(__dirname, '..', 'fixtures', 'nest-app', 'typed', 'typed-calls.ts'), join(root, 'src', 'typed-calls.ts'));
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

  it("generates the app's task map with the installed taskgate-types: its @TaskFunction() methods only", async () => {
    expect(generated.stdout).toBe('taskgate-types: wrote src/tasks.generated.ts (2 tasks)\n');
    const map = readFileSync(join(root, 'src', 'tasks.generated.ts'), 'utf8');
    expect(map).toContain("add: TaskSignatureOf<MathTasks['add']>;");
    expect(map).toContain("sumOfSquares: TaskSignatureOf<SquaresTasks['sumOfSquares']>;");
    expect(map).not.toContain('describe');
    await expect(taskgateTypes(root, '-p', 'tsconfig.build.json', '-o', 'src/tasks.generated.ts', '--check')).resolves.toMatchObject({
      stdout: 'taskgate-types: src/tasks.generated.ts is up to date (2 tasks)\n',
    });
  });

  it('compiles a client typed by the generated map, runs its calls, and fails tsc on a task name the map lacks', async () => {
    // Compiled with the app (beforeAll): its expected errors on the undecorated `describe` and on wrong args are errors.
    const typed = join(root, 'dist', 'typed-calls.js');
    const { stdout } = await run(
      process.execPath,
      ['-e', `require(${JSON.stringify(typed)}).typedCalls(process.argv[1]).then((n) => process.stdout.write(String(n)))`, app.url],
      { cwd: root, timeoutMs: 60_000 },
    );
    expect(stdout.trim()).toBe(String(42 + 385));
    const typo = join(root, 'src', 'typo.ts');
    writeFileSync(
      typo,
      "import { TaskClient } from '@taskgate/client';\nimport type { ServerTasks } from './tasks.generated.js';\n" +
        "void new TaskClient<ServerTasks>({ url: 'http://127.0.0.1' }).run('ad', { a: 1, b: 2 });\n",
    );
    try {
      await expect(compile(root)).rejects.toThrow(/typo\.ts[\s\S]*TS2345[\s\S]*Argument of type '"ad"'/); // tsc may colour it
    } finally {
      rmSync(typo);
    }
  });

  it('serves the browser bundle from node_modules (useStaticAssets on require.resolve of @taskgate/client/browser)', async () => {
    const response = await fetch(`${app.url}/vendor/taskgate-client.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const file = createRequire(join(root, 'package.json')).resolve('@taskgate/client/browser');
    expect(await response.text()).toBe(readFileSync(file, 'utf8'));
  });

  it('runs a task from a page in Chromium that imports the bundle served from node_modules', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/vendor/taskgate-client.js`); // any page of the app's origin
      // A string, as the page runs it: compiled for Jest, its import() would become a require().
      const result = await page.evaluate(`(async () => {
        const { TaskClient } = await import(location.origin + '/vendor/taskgate-client.js');
        const client = new TaskClient({ url: location.origin });
        try {
          return await client.run('add', { a: 40, b: 2 });
        } finally {
          client.close();
        }
      })()`);
      expect(result).toMatchObject({ status: 'succeeded', result: { sum: 42 } });
    } finally {
      await browser.close();
    }
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

describe("a UI beside the server (Vite, TypeScript): the server's task types by `paths` and `import type`", () => {
  const web = scratchDir('nest12', 'web');
  beforeAll(async () => {
    await install();
    writeNestApp(root, 'commonjs', 'modern'); // the server sources whose types the UI imports
    cpSync(join(__dirname, '..', 'fixtures', 'ui-app'), web, { recursive: true });
    await installApp(web, {
      name: 'web',
      private: true,
      type: 'module',
      dependencies: { ...tarballDependencies('@taskgate/client', '@taskgate/react', '@taskgate/vue'), react: '^19.0.0', vue: '^3.5.0' },
      devDependencies: { typescript: NEST_12.typescript, vite: '^8.0.0' },
      overrides: { '@taskgate/protocol': `file:${tarballOf('@taskgate/protocol')}` },
    });
  }, 300_000);

  it("type-checks with plain tsc: task names and args are checked against the server's classes", async () => {
    await run(process.execPath, [join(web, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: web });
  });

  it('builds with Vite into a bundle that holds the client and nothing of the server', async () => {
    await run(process.execPath, [join(web, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: web });
    const assets = join(web, 'dist', 'assets');
    const bundle = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    expect(bundle).toContain('task:run');
    expect(bundle).not.toMatch(/MathService|SquaresTasks|@nestjs|Injectable|reflect-metadata/);
  });

  it('resolves @taskgate/client/browser to one self-contained ES module: it imports no package by name', async () => {
    const file = createRequire(join(web, 'package.json')).resolve('@taskgate/client/browser');
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[^'"()]*?\sfrom\s*)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(specifiers.filter((s) => !s?.startsWith('.') && !s?.startsWith('/'))).toEqual([]);
    // Imported alone, outside any node_modules: a bare specifier left in it could not resolve.
    const alone = join(scratchDir('bundle-alone'), 'taskgate-client.mjs');
    copyFileSync(file, alone);
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(pathToFileURL(alone).href)}); console.log(typeof m.TaskClient)`,
      ],
      {
        cwd: scratchDir('bundle-alone'),
      },
    );
    expect(stdout.trim()).toBe('function');
  });

  it('loads @taskgate/react and @taskgate/vue with their peers, as ES modules and from CommonJS', async () => {
    const script = [
      "const react = await import('@taskgate/react');",
      "const vue = await import('@taskgate/vue');",
      "const { createRequire } = await import('node:module');",
      'const require = createRequire(import.meta.url);',
      "const cjs = { react: require('@taskgate/react'), vue: require('@taskgate/vue') };",
      'const names = (m) => Object.keys(m).filter((k) => k !== "default").sort().join(",");',
      'console.log(JSON.stringify({ react: names(react), vue: names(vue), reactCjs: names(cjs.react), vueCjs: names(cjs.vue) }));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: web });
    const loaded = JSON.parse(stdout) as Record<string, string>;
    expect(loaded).toEqual({
      react: 'TaskgateProvider,useConnectionState,useTask,useTaskClient',
      vue: 'TaskgatePlugin,provideTaskClient,useConnectionState,useTask,useTaskClient',
      reactCjs: 'TaskgateProvider,useConnectionState,useTask,useTaskClient',
      vueCjs: 'TaskgatePlugin,provideTaskClient,useConnectionState,useTask,useTaskClient',
    });
  });
});
