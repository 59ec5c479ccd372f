import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startServer } from './bootstrap.js';

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 3000);
  const host = process.env['HOST'] ?? '127.0.0.1';
  const app = await startServer({ host, port, ...(process.env['DEMO_WEB_DIR'] && { demoWebDir: process.env['DEMO_WEB_DIR'] }) });
  new Logger('Server').log(`Taskgate demo on ${(await app.getUrl()).replace('[::1]', 'localhost')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
