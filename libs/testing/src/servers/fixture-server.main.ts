// A Taskgate fixture server in its own process, for tests that kill and restart it.
// Usage: node -r tools/scripts/register-ts.cjs libs/testing/src/servers/fixture-server.main.ts [port]
// Prints {"url": ...} once listening; closes the app gracefully when its stdin ends.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskgateModule } from '@taskgate/nest';
import { FixtureTasks, GreetingService } from '../fixtures/fixture.tasks';

@Module({ imports: [TaskgateModule.forRoot({ shutdownGraceMs: 100 })], providers: [GreetingService, FixtureTasks] })
class FixtureServerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(FixtureServerModule, { logger: false });
  await app.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
  process.stdin.once('end', () => void app.close().then(() => process.exit(0))).resume();
}

void main();
