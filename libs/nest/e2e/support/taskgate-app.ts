import { Module, type INestApplication, type ModuleMetadata, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TaskClient, type TaskClientOptions } from '@taskgate/client';
import type { AnyTaskMap, TaskMap } from '@taskgate/protocol';
import { TaskgateModule, type TaskgateModuleOptions } from '../../src/index';

/** A real Nest app with Taskgate on an ephemeral 127.0.0.1 port, and real clients to it. */
export interface TaskgateApp {
  app: INestApplication;
  url: string;
  client<M extends TaskMap = AnyTaskMap>(options?: Partial<TaskClientOptions>): Promise<TaskClient<M>>;
  close(): Promise<void>;
}

/**
 * Boots the app: `providers` beside Taskgate, and `imports`, e.g. a module that
 * declares thread tasks (workers boot it from its file, so it must be exported).
 */
export async function startTaskgateApp(providers: Provider[], options: TaskgateModuleOptions = {}, imports: ModuleMetadata['imports'] = []): Promise<TaskgateApp> {
  @Module({ imports: [TaskgateModule.forRoot(options), ...imports], providers })
  class FixtureModule {}

  const moduleRef = await Test.createTestingModule({ imports: [FixtureModule] }).setLogger(silentLogger).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const clients = new Set<TaskClient<any>>();
  return {
    app,
    url,
    async client<M extends TaskMap = AnyTaskMap>(clientOptions: Partial<TaskClientOptions> = {}) {
      const client = new TaskClient<M>({ url, namespace: options.namespace, socket: { transports: ['websocket'] }, ...clientOptions });
      clients.add(client);
      await connected(client);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await app.close();
    },
  };
}

/** Resolves once the client is connected. */
export function connected(client: TaskClient<any>): Promise<void> {
  if (client.state === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stop = client.onStateChange((state, detail) => {
      if (state === 'connected') {
        stop();
        resolve();
      } else if (state === 'disconnected' && detail?.error) {
        stop();
        reject(Object.assign(new Error(detail.error.message), { code: detail.error.code }));
      }
    });
  });
}

const silentLogger = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
