import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import { io } from 'socket.io-client';
import { startTaskgateApp } from '@taskgate/testing';
import { TaskFunction, TaskgateModule, TaskRegistry, type TaskgateOptionsFactory } from '../src/index';

@Injectable()
class ReportTasks {
  @TaskFunction()
  build(): string {
    return 'report';
  }
}

@Injectable()
class OtherReportTasks {
  @TaskFunction({ name: 'build' })
  assemble(): string {
    return 'other';
  }
}

@Injectable()
class ConfigService {
  readonly concurrency = 3;
}

@Module({ providers: [ConfigService], exports: [ConfigService] })
class ConfigModule {}

@Injectable()
class TaskgateConfig implements TaskgateOptionsFactory {
  createTaskgateOptions() {
    return { maxQueue: 5 };
  }
}

/** An application's own gateway on Taskgate's namespace. */
@WebSocketGateway({ namespace: '/tasks' })
class UserGateway implements OnGatewayConnection {
  connections = 0;

  handleConnection(): void {
    this.connections++;
  }

  @SubscribeMessage('ping')
  ping(@MessageBody() body: unknown): unknown {
    return { pong: body };
  }
}

const silent = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };

async function boot(imports: unknown[], providers: unknown[]) {
  const moduleRef = await Test.createTestingModule({ imports: imports as never[], providers: providers as never[] })
    .setLogger(silent)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('TaskgateModule registration', () => {
  it('fails start-up when two tasks share a name, naming both providers', async () => {
    await expect(boot([TaskgateModule.forRoot()], [ReportTasks, OtherReportTasks])).rejects.toThrow(
      'Task "build" is declared twice: by ReportTasks.build and by OtherReportTasks.assemble',
    );
  });

  it('takes its options from forRootAsync({ useFactory, inject, imports })', async () => {
    const app = await boot(
      [
        TaskgateModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ concurrency: config.concurrency }),
        }),
      ],
      [ReportTasks],
    );
    try {
      expect(app.get(TaskRegistry).names()).toEqual(['build']);
      const { TaskExecutor } = await import('../src/index');
      expect(app.get(TaskExecutor).stats().capacity.inline).toBe(3);
    } finally {
      await app.close();
    }
  });

  it('takes its options from forRootAsync({ useClass })', async () => {
    const app = await boot([TaskgateModule.forRootAsync({ useClass: TaskgateConfig })], [ReportTasks]);
    try {
      expect(app.get(TaskRegistry).list()).toEqual([{ name: 'build', mode: 'inline' }]);
    } finally {
      await app.close();
    }
  });

  it("shares its namespace with the application's own gateway, and other namespaces stay invalid", async () => {
    const server = await startTaskgateApp([ReportTasks, UserGateway]);
    const socket = io(`${server.url}/tasks`, { transports: ['websocket'], forceNew: true });
    const stray = io(`${server.url}/elsewhere`, { transports: ['websocket'], forceNew: true });
    const refused = new Promise((resolve) => stray.on('connect_error', (error) => resolve(error.message)));
    try {
      const client = await server.client();
      await expect(client.run('build', undefined)).resolves.toMatchObject({ status: 'succeeded', result: 'report' });
      await expect(socket.emitWithAck('ping', 1)).resolves.toEqual({ pong: 1 });
      expect(server.app.get(UserGateway).connections).toBe(2);
      await expect(refused).resolves.toBe('Invalid namespace');
    } finally {
      socket.close();
      stray.close();
      await server.close();
    }
  });

  it('rejects bad options with an error naming the option', () => {
    expect(() => TaskgateModule.forRoot({ concurrency: 0 })).toThrow(RangeError);
    expect(() => TaskgateModule.forRoot({ concurrency: 0 })).toThrow('"concurrency"');
    expect(() => TaskgateModule.forRoot({ allowedOrigins: 5 as never })).toThrow('"allowedOrigins"');
    expect(() => TaskFunction({ timeoutMs: -1 })).toThrow('"timeoutMs"');
    expect(() => TaskFunction({ mode: 'process' as never })).toThrow('"mode"');
    expect(() => TaskFunction({ timeout: 500 } as never)).toThrow('@TaskFunction() has no option "timeout" (did you mean "timeoutMs"?)');
  });
});

@Injectable()
class GuardedTasks {
  @TaskFunction({ roles: ['admin'] })
  purge(): string {
    return 'purged';
  }
}

describe('what Taskgate tells the application log', () => {
  /** A Nest app on 127.0.0.1 whose logger keeps every warning. */
  async function bootLogging(options: Parameters<typeof TaskgateModule.forRoot>[0]) {
    const warnings: string[] = [];
    const logger = { ...silent, warn: (message: unknown) => void warnings.push(String(message)) };
    @Module({ imports: [TaskgateModule.forRoot(options)], providers: [GuardedTasks] })
    class LoggingModule {}
    const moduleRef = await Test.createTestingModule({ imports: [LoggingModule] }).compile();
    const app = moduleRef.createNestApplication({ logger });
    await app.listen(0, '127.0.0.1');
    return { app, warnings, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  it('warns at start-up that tasks with roles cannot be run without authenticate', async () => {
    const { app, warnings } = await bootLogging({});
    try {
      expect(warnings).toContain(
        'Tasks purge declare roles, but TaskgateModule has no authenticate option: no caller has a principal, so every call of them is refused with FORBIDDEN',
      );
    } finally {
      await app.close();
    }
  });

  it('says what happened when a client emits an event named "error", instead of [object Object]', async () => {
    const { app, warnings, url } = await bootLogging({ authenticate: () => ({ id: 'u', roles: ['admin'] }) });
    const socket = io(`${url}/tasks`, { transports: ['websocket'], auth: { clientId: 'noisy-client' } });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.emit('error', { not: 'an error' });
      await socket.timeout(5_000).emitWithAck('task:list', {});
      expect(warnings).toContain(
        'Connection of client noisy-client: the client emitted an event named "error" ({"not":"an error"}); ignored',
      );
      expect(warnings.join('\n')).not.toContain('[object Object]');
    } finally {
      socket.close();
      await app.close();
    }
  });
});
