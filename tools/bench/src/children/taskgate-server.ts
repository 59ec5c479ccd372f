// Taskgate as a user runs it: a Nest application with TaskgateModule, served
// over its socket.io gateway.
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { TaskExecutor } from '@taskgate/nest';
import { childArgs } from '../process/child-args.js';
import { serveParent } from '../process/child-side.js';
import { portOf, serverProbes } from '../server/server-probes.js';
import { TaskgateBenchModule, threadCapacity, type TaskgateBenchOptions } from '../server/taskgate-app.module.js';

export type TaskgateServerArgs = TaskgateBenchOptions;

export interface TaskgateServerInfo {
  port: number;
  /** Threads of the pool, or null when thread mode is not available. */
  threads: number | null;
}

serveParent<TaskgateServerInfo>(async () => {
  const app = await NestFactory.create(TaskgateBenchModule.register(childArgs<TaskgateServerArgs>()), { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer() as Server;
  return {
    info: { port: portOf(httpServer), threads: threadCapacity(app.get(TaskExecutor)) ?? null },
    handlers: serverProbes(httpServer),
    close: () => app.close(),
  };
});
