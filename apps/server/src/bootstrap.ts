import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';

/** Where the built demo GUI is, unless `DEMO_WEB_DIR` says otherwise. */
export const DEFAULT_DEMO_WEB_DIR = resolve(__dirname, '../../demo-web/dist');

export interface ServerOptions {
  host?: string;
  port?: number;
  demoWebDir?: string;
  logger?: boolean;
}

/** Creates and starts the demo server; resolves once it listens. */
export async function startServer(options: ServerOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, options.logger === false ? { logger: false } : {});
  const demoWebDir = options.demoWebDir ?? DEFAULT_DEMO_WEB_DIR;
  if (existsSync(demoWebDir)) app.useStaticAssets(demoWebDir);
  else new Logger('Server').warn(`No demo GUI at ${demoWebDir}: run "nx build demo-web"`);
  app.enableShutdownHooks();
  await app.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
  return app;
}
