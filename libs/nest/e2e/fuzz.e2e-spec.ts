import { Injectable } from '@nestjs/common';
import fc from 'fast-check';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import WebSocket from 'ws';
import { isErrorCode, TaskEvents } from '@taskgate/protocol';
import { sleep, startTaskgateApp, type TaskgateApp } from '@taskgate/testing';
import { TaskFunction } from '../src/index';

@Injectable()
class FuzzTasks {
  @TaskFunction()
  echo(args: unknown): unknown {
    return args;
  }

  @TaskFunction()
  add({ a, b }: { a: number; b: number }): number {
    return a + b;
  }

  @TaskFunction()
  explode(args: unknown): never {
    throw new Error(`no: ${typeof args}`);
  }
}

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const TASK_EVENTS = Object.values(TaskEvents).filter((e) => e !== TaskEvents.Progress && e !== TaskEvents.Result);

const id = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.string(), fc.anything());
const taskName = fc.oneof(
  fc.constantFrom('echo', 'add', 'explode', 'nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  fc.string(),
  fc.anything(),
);
const envelope = fc.oneof(
  fc.anything({ withObjectString: true, withNullPrototype: true }),
  fc.record(
    { id, task: taskName, args: fc.anything(), timeoutMs: fc.oneof(fc.integer(), fc.double(), fc.anything()) },
    { requiredKeys: [] },
  ),
  fc.record({ ids: fc.oneof(fc.array(id, { maxLength: 5 }), fc.anything()) }, { requiredKeys: [] }),
);
const message = fc.record({
  event: fc.oneof(
    fc.constantFrom(...TASK_EVENTS, 'error', 'task:progress', 'task:result'),
    fc.string().filter((e) => !RESERVED.has(e)),
  ),
  payloads: fc.array(envelope, { maxLength: 3 }),
});

function isTypedAck(ack: unknown): boolean {
  if (typeof ack !== 'object' || ack === null) return false;
  const { ok, error } = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (ok === true) return true;
  return ok === false && isErrorCode(error?.code) && typeof error?.message === 'string' && !error.message.includes('    at ');
}

describe('fuzzing the gateway', () => {
  let server: TaskgateApp;

  beforeAll(async () => {
    server = await startTaskgateApp([FuzzTasks], { shutdownGraceMs: 100, rateLimit: false });
  });

  afterAll(() => server.close());

  it('answers every random envelope with a typed ack, while a well-behaved client keeps getting correct results', async () => {
    const good = await server.client();
    let checked = 0;
    let wrong = 0;
    let running = true;
    const wellBehaved = (async () => {
      for (let i = 0; running && i < 5_000; i++) {
        const result = await good.run('add', { a: i, b: 1 });
        if (result.status !== 'succeeded' || result.result !== i + 1) wrong++;
        checked++;
      }
    })();

    const socket: ClientSocket = io(`${server.url}/tasks`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { clientId: 'fuzzer' },
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let acks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 10 }), async (messages) => {
        for (const { event, payloads } of messages) {
          if (!socket.connected) throw new Error('the fuzzing connection was closed by an event the server should have answered');
          if (!(TASK_EVENTS as string[]).includes(event)) {
            // Not part of the protocol: sent, and never answered.
            socket.emit(event, ...payloads);
            continue;
          }
          const ack: unknown = await socket.timeout(2_000).emitWithAck(event, ...payloads);
          acks++;
          if (!isTypedAck(ack)) throw new Error(`untyped ack for ${event}: ${JSON.stringify(ack)}`);
        }
      }),
      { numRuns: 300 },
    );
    socket.close();
    running = false;
    await wellBehaved;
    expect(acks).toBeGreaterThan(300);
    expect(checked).toBeGreaterThan(0);
    expect(wrong).toBe(0);
    await expect(good.run('echo', 'alive')).resolves.toMatchObject({ status: 'succeeded', result: 'alive' });
  }, 60_000);

  it('survives random raw Engine.IO and Socket.IO packets: only the sending connection may close', async () => {
    const good = await server.client();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `42/tasks,${s}`),
          fc.string().map((s) => `4${s}`),
        ),
        async (packet) => {
          const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
          ws.on('error', () => undefined);
          await new Promise<void>((resolve) => {
            ws.on('message', (data) => {
              const text = String(data);
              if (text.startsWith('0{')) ws.send('40/tasks,{}');
              else if (text.startsWith('40/tasks')) {
                ws.send(packet);
                setTimeout(resolve, 5);
              }
            });
            ws.once('close', () => resolve());
          });
          ws.terminate();
        },
      ),
      { numRuns: 100 },
    );
    await sleep(50);
    await expect(good.run('add', { a: 2, b: 2 })).resolves.toMatchObject({ status: 'succeeded', result: 4 });
  }, 60_000);
});
