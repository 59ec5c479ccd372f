// An ES module Nest app (`"type": "module"`) with a thread task, run with plain node: prints the
// result of one run of the task as a JSON line, then closes the app.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- imported as an app imports it: the package's build
import taskgate from '@taskgate/nest';
import { GreetingModule } from './greeting.module.js';

const { TaskExecutor, TaskRegistry, TaskgateModule } = taskgate;

class AppModule {}
Reflect.decorate([Module({ imports: [TaskgateModule.forRoot({ threads: { minThreads: 1, maxThreads: 1 } }), GreetingModule] })], AppModule);

const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
try {
  const task = app.get(TaskRegistry).get('greet');
  const run = app
    .get(TaskExecutor)
    .submit({ id: 'greet-1', clientId: 'esm-app', task, args: { name: 'esm' }, onProgress: () => undefined });
  process.stdout.write(`${JSON.stringify(await run.result)}\n`);
} finally {
  await app.close();
}
