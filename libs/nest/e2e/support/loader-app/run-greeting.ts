import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskExecutor, TaskRegistry, TaskgateModule } from '@taskgate/nest';
import { GreetingModule } from './greeting.module';

@Module({ imports: [TaskgateModule.forRoot({ threads: { minThreads: 1, maxThreads: 1 } }), GreetingModule] })
class LoaderAppModule {}

/** Boots the app from its TypeScript sources, runs the thread task `greet` once, and closes the app. */
export async function runGreeting(name: string): Promise<unknown> {
  const app = await NestFactory.createApplicationContext(LoaderAppModule, { logger: ['error', 'warn'] });
  try {
    const task = app.get(TaskRegistry).get('greet')!;
    const run = app.get(TaskExecutor).submit({ id: 'greet-1', clientId: 'loader-app', task, args: { name }, onProgress: () => undefined });
    return await run.result;
  } finally {
    await app.close();
  }
}
