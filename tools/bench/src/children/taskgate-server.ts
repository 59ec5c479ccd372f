// Taskgate as a user runs it: a Nest application with TaskgateModule, served
// over its socket.io gateway.
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { TaskExecutor } from '@taskgate/nest';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
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
  const args = childArgs<TaskgateServerArgs>();
  // Tracing as an application sets it up: an SDK registered before the app, spans batched to an
  // exporter (here one that drops them: the cost measured is Taskgate's and the SDK's, not a network's).
  if (args.observability === 'tracing') registerDroppingTracer();
  const app = await NestFactory.create(TaskgateBenchModule.register(args), { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer() as Server;
  return {
    info: { port: portOf(httpServer), threads: threadCapacity(app.get(TaskExecutor)) ?? null },
    handlers: serverProbes(httpServer),
    close: () => app.close(),
  };
});

function registerDroppingTracer(): void {
  const exporter: SpanExporter = {
    export: (_spans: ReadableSpan[], done) => done({ code: 0 }),
    shutdown: () => Promise.resolve(),
  };
  new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] }).register();
}
