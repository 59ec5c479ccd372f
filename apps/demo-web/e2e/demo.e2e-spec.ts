import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TaskgateGateway } from '@taskgate/nest';
import { startServer } from '@taskgate/server/bootstrap';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const DEMO_WEB_DIR = resolve(__dirname, '../dist');
const CLIENT_BUNDLE = resolve(__dirname, '../../../libs/client/dist/browser/taskgate-client.js');

describe('the demo GUI in a real browser', () => {
  let app: INestApplication;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
    if (!existsSync(resolve(DEMO_WEB_DIR, 'index.html'))) throw new Error('The demo GUI is not built: run "npx nx run demo-web:build"');
    app = await startServer({ port: 0, host: '127.0.0.1', demoWebDir: DEMO_WEB_DIR, logger: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.goto((await app.getUrl()).replace('[::1]', '127.0.0.1'));
  });

  afterEach(() => page.close());

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('connects and lists a button per demo task', async () => {
    await page.locator('#connection[data-state="connected"]').waitFor();
    for (const name of ['test', 'echo', 'add', 'fail', 'progress', 'fib', 'hash']) {
      await page.getByRole('button', { name: `Run ${name}`, exact: true }).waitFor();
    }
  });

  it('runs add on a click and shows the result with its status', async () => {
    await page.getByRole('button', { name: 'Run add', exact: true }).click();
    const run = page.locator('li.run[data-task="add"]');
    await run.locator('.status', { hasText: 'succeeded' }).waitFor();
    expect(await run.locator('.output').textContent()).toMatch(/^5 /);
  });

  it('shows progress while a task runs, then its result', async () => {
    await page.getByRole('textbox', { name: 'Arguments of progress' }).fill('{"steps": 4, "delayMs": 150}');
    await page.getByRole('button', { name: 'Run progress', exact: true }).click();
    const run = page.locator('li.run[data-task="progress"]');
    await run.locator('.output', { hasText: /step \d of 4/ }).waitFor();
    await run.locator('.status', { hasText: 'succeeded' }).waitFor();
    expect(await run.locator('.output').textContent()).toContain('{"steps":4}');
  });

  it('shows a failing task as failed with its error code', async () => {
    await page.getByRole('button', { name: 'Run fail', exact: true }).click();
    const run = page.locator('li.run[data-task="fail"]');
    await run.locator('.status', { hasText: 'failed' }).waitFor();
    expect(await run.locator('.output').textContent()).toBe('TASK_FAILED: This task always fails');
  });

  it('cancels a running task from its Cancel button', async () => {
    await page.getByRole('button', { name: 'Run test', exact: true }).click();
    const run = page.locator('li.run[data-task="test"]');
    await run.getByRole('button', { name: 'Cancel' }).click();
    await run.locator('.status', { hasText: 'cancelled' }).waitFor();
  });

  it('shows the reconnecting state when the connection drops, then the result', async () => {
    await page.locator('#connection[data-state="connected"]').waitFor();
    await page.getByRole('textbox', { name: 'Arguments of progress' }).fill('{"steps": 3, "delayMs": 400}');
    await page.getByRole('button', { name: 'Run progress', exact: true }).click();
    const run = page.locator('li.run[data-task="progress"]');
    await page.waitForFunction(() => document.querySelector('li.run[data-task="progress"] .output')?.textContent === 'step 1 of 3');
    // Cut the transport under the page, as a network would.
    for (const socket of app.get(TaskgateGateway).namespace!.sockets.values()) socket.conn.close();
    await page.locator('#connection[data-state="reconnecting"]').waitFor();
    await page.locator('#connection[data-state="connected"]').waitFor();
    await run.locator('.status', { hasText: 'succeeded' }).waitFor();
    expect(await run.locator('.output').textContent()).toContain('{"steps":3}');
  });

  it('runs a task from a plain <script type="module"> with the browser bundle of the client, no bundler', async () => {
    if (!existsSync(CLIENT_BUNDLE)) throw new Error('The client bundle is not built: run "npx nx run client:build"');
    // Served by the page's origin, as a site would serve the file.
    await page.route('**/vendor/taskgate-client.js', (route) => route.fulfill({ path: CLIENT_BUNDLE, contentType: 'text/javascript' }));
    await page.setContent('<p id="out">waiting</p>');
    await page.addScriptTag({
      type: 'module',
      content: `
        import { TaskClient } from '/vendor/taskgate-client.js';
        const client = new TaskClient({ url: location.origin });
        const result = await client.run('add', { a: 40, b: 2 });
        document.querySelector('#out').textContent = result.status + ' ' + result.result;
        client.close();
      `,
    });
    await page.waitForFunction(() => document.querySelector('#out')?.textContent === 'succeeded 42');
  });
});
