import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FixtureTasks, GreetingService, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CLIENT_BUNDLE = resolve(__dirname, '../../../libs/client/dist/browser/taskgate-client.js');

/** A UI served on an origin of its own, as a Vite dev server on :5173 serves one beside the API on :3000. */
async function startUiServer(): Promise<{ server: Server; origin: string }> {
  const bundle = readFileSync(CLIENT_BUNDLE);
  const server = createServer((request, response) => {
    if (request.url === '/taskgate-client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>UI</title><p id="out">waiting</p>');
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Runs `echo` from the page with the given transports; resolves to the result, or the
 * connection's error. The page's script is text: the test's own compiler must not rewrite its
 * `import()`.
 */
function runFromPage(page: Page, url: string, transports: string[] | undefined): Promise<unknown> {
  const options = JSON.stringify({ url, connectTimeoutMs: 5_000, ...(transports && { socket: { transports } }) });
  return page.evaluate(`(async () => {
    const { TaskClient } = await import('/taskgate-client.js');
    const client = new TaskClient(${options});
    const refused = new Promise((settle) =>
      client.onStateChange((state, detail) => state === 'disconnected' && detail && detail.error && settle({ refused: detail.error })),
    );
    const outcome = await Promise.race([client.run('echo', 'from another origin'), refused]);
    client.close();
    return outcome;
  })()`);
}

describe('a browser UI on another origin', () => {
  let ui: { server: Server; origin: string };
  let allowed: TaskgateApp;
  let other: TaskgateApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ui = await startUiServer();
    allowed = await startTaskgateApp([GreetingService, FixtureTasks], { allowedOrigins: [ui.origin] });
    other = await startTaskgateApp([GreetingService, FixtureTasks]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.goto(ui.origin);
  });

  afterEach(() => page.close());

  afterAll(async () => {
    await browser?.close();
    await allowed?.close();
    await other?.close();
    await new Promise((done) => ui.server.close(done));
  });

  it.each([
    ['the default transports', undefined],
    ['long-polling alone', ['polling']],
    ['polling first, then the upgrade', ['polling', 'websocket']],
  ])('runs a task once its origin is in allowedOrigins, over %s', async (_name, transports) => {
    await expect(runFromPage(page, allowed.url, transports)).resolves.toMatchObject({ status: 'succeeded', result: 'from another origin' });
  });

  it.each([
    ['long-polling', ['polling']],
    ['WebSocket', ['websocket']],
  ])('is refused with FORBIDDEN naming the option when its origin is not listed, over %s', async (_name, transports) => {
    await expect(runFromPage(page, other.url, transports)).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'FORBIDDEN', message: `Origin ${ui.origin} is not allowed: add it to TaskgateModule option allowedOrigins` },
    });
  });
});
