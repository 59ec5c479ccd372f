import { request } from 'node:http';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import type { TaskError } from '@taskgate/protocol';
import { FixtureTasks, GreetingService, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';

type Transport = 'polling' | 'websocket';

type Outcome = { connected: true } | { error: TaskError };

/**
 * Connects as a browser page would: the `Host` it sent the request to, and its `Origin`. Over
 * WebSocket with the real client; over polling with raw Engine.IO requests, since Node's
 * XMLHttpRequest may not set `Host`.
 */
function connect(server: TaskgateApp, transport: Transport, headers: Record<string, string>): Promise<Outcome> {
  return transport === 'polling' ? connectByPolling(server, headers) : connectByWebSocket(server, headers);
}

function connectByWebSocket(server: TaskgateApp, headers: Record<string, string>): Promise<Outcome> {
  const socket: ClientSocket = io(`${server.url}/tasks`, { transports: ['websocket'], reconnection: false, extraHeaders: headers });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve({ connected: true });
    });
    socket.once('connect_error', (error: Error & { data?: TaskError }) => {
      socket.close();
      resolve({ error: error.data ?? { code: 'INTERNAL', message: error.message } });
    });
  });
}

function poll(server: TaskgateApp, headers: Record<string, string>, query: string, body?: string): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/socket.io/?EIO=4&transport=polling${query}`,
        method: body === undefined ? 'GET' : 'POST',
        headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function connectByPolling(server: TaskgateApp, headers: Record<string, string>): Promise<Outcome> {
  const open = await poll(server, headers, '');
  const { sid } = JSON.parse(open.slice(1)) as { sid: string };
  await poll(server, headers, `&sid=${sid}`, '40/tasks,');
  const answer = await poll(server, headers, `&sid=${sid}`);
  if (answer.startsWith('40/tasks,')) return { connected: true };
  const refused = /^44\/tasks,(.*)$/s.exec(answer);
  if (!refused) throw new Error(`unexpected answer: ${answer}`);
  return { error: (JSON.parse(refused[1]!) as { data: TaskError }).data };
}

const port = (server: TaskgateApp) => new URL(server.url).port;

describe.each<Transport>(['polling', 'websocket'])('hosts and origins over %s', (transport) => {
  let server: TaskgateApp;
  let listed: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([GreetingService, FixtureTasks]);
    listed = await startTaskgateApp([GreetingService, FixtureTasks], { allowedHosts: ['tasks.example', '.corp.example'] });
  });

  afterAll(async () => {
    await server.close();
    await listed.close();
  });

  it('refuses a DNS-rebound page, whose Origin and Host agree on a name it owns, with FORBIDDEN naming the option', async () => {
    const evil = `evil.example:${port(server)}`;
    await expect(connect(server, transport, { host: evil, origin: `http://${evil}` })).resolves.toEqual({
      error: {
        code: 'FORBIDDEN',
        message: `Host "${evil}" is not allowed: the server is reached only by IP address, localhost and the names in TaskgateModule option allowedHosts`,
      },
    });
  });

  it('admits a page served from the server itself, by IP address or localhost', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'app.localhost']) {
      const host = `${name}:${port(server)}`;
      await expect(connect(server, transport, { host, origin: `http://${host}` })).resolves.toEqual({ connected: true });
    }
    const v6 = `[::1]:${port(server)}`;
    await expect(connect(server, transport, { host: v6, origin: `http://${v6}` })).resolves.toEqual({ connected: true });
  });

  it('admits the names listed in allowedHosts, and subdomains of a name listed with a leading dot', async () => {
    for (const name of ['tasks.example', 'corp.example', 'eu.corp.example']) {
      const host = `${name}:${port(listed)}`;
      await expect(connect(listed, transport, { host, origin: `http://${host}` })).resolves.toEqual({ connected: true });
    }
    const other = `other.example:${port(listed)}`;
    await expect(connect(listed, transport, { host: other, origin: `http://${other}` })).resolves.toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses a page of another origin with FORBIDDEN naming allowedOrigins', async () => {
    const host = `127.0.0.1:${port(server)}`;
    await expect(connect(server, transport, { host, origin: 'http://127.0.0.1:5173' })).resolves.toEqual({
      error: { code: 'FORBIDDEN', message: 'Origin http://127.0.0.1:5173 is not allowed: add it to TaskgateModule option allowedOrigins' },
    });
  });
});
