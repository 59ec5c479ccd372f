import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskgateModule, type TaskgateModuleOptions } from '@taskgate/nest';
import { ClientFixtureTasks } from './fixture.tasks';

/** A real Taskgate server on 127.0.0.1, port 0, serving {@link ClientFixtureTasks}. */
export interface TaskgateServer {
  readonly app: INestApplication;
  readonly url: string;
  readonly port: number;
  readonly tasks: ClientFixtureTasks;
  close(): Promise<void>;
}

/** Boots the server with Taskgate's own defaults unless `options` says otherwise (the rate limit included). */
export async function startTaskgateServer(options: TaskgateModuleOptions = {}): Promise<TaskgateServer> {
  @Module({ imports: [TaskgateModule.forRoot({ shutdownGraceMs: 100, ...options })], providers: [ClientFixtureTasks] })
  class ClientFixtureModule {}

  const app = await NestFactory.create(ClientFixtureModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, port, tasks: app.get(ClientFixtureTasks), close: () => app.close() };
}
