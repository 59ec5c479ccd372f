// A plain Nest socket.io gateway without Taskgate: the framework's own share.
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { serveParent } from '../process/child-side.js';
import { PlainNestModule } from '../server/plain-nest.gateway.js';
import { portOf, serverProbes } from '../server/server-probes.js';

serveParent(async () => {
  const app = await NestFactory.create(PlainNestModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer() as Server;
  return { info: { port: portOf(httpServer) }, handlers: serverProbes(httpServer), close: () => app.close() };
});
