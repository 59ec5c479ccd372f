// The stack a NestJS user builds today instead of Taskgate: a socket.io gateway
// that adds a BullMQ job per request and emits the result on `completed`.
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { childArgs } from '../process/child-args.js';
import { serveParent } from '../process/child-side.js';
import { BullmqBenchModule, type BullmqBenchOptions } from '../server/bullmq-app.module.js';
import { portOf, serverProbes } from '../server/server-probes.js';

serveParent(async () => {
  const app = await NestFactory.create(await BullmqBenchModule.register(childArgs<BullmqBenchOptions>()), { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer() as Server;
  return { info: { port: portOf(httpServer) }, handlers: serverProbes(httpServer), close: () => app.close() };
});
