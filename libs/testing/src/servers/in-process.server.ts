import { Module, type INestApplication, type ModuleMetadata, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TaskClient, type TaskClientOptions } from '@taskgate/client';
import { TaskgateModule, type TaskgateModuleOptions } from '@taskgate/nest';
import type { AnyTaskMap, TaskMap } from '@taskgate/protocol';
import { connected } from '../clients/connected';

/** A real Nest app with Taskgate on an ephemeral 127.0.0.1 port, in the test's process, and real clients to it. */
export interface TaskgateApp {
  app: INestApplication;
  url: string;
  /** A client over a real WebSocket, resolved once connected; closed by {@link TaskgateApp.close}. */
  client<M extends TaskMap = AnyTaskMap>(options?: Partial<TaskClientOptions>): Promise<TaskClient<M>>;
  /** Closes every client made by {@link TaskgateApp.client}, then the app. */
  close(): Promise<void>;
}

/**
 * Boots the app: `providers` beside Taskgate, and `imports`, e.g. a module that
 * declares thread tasks (workers boot it from its file, so it must be exported).
 */
export async function startTaskgateApp(
  providers: Provider[],
  options: TaskgateModuleOptions = {},
  imports: ModuleMetadata['imports'] = [],
): Promise<TaskgateApp> {
  @Module({ imports: [TaskgateModule.forRoot(options), ...imports], providers })
  class FixtureModule {}

  const moduleRef = await Test.createTestingModule({ imports: [FixtureModule] })
    .setLogger(silentLogger)
    .compile();
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

const silentLogger = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };
