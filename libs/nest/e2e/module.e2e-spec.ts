import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
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

  it('rejects bad options with an error naming the option', () => {
    expect(() => TaskgateModule.forRoot({ concurrency: 0 })).toThrow(RangeError);
    expect(() => TaskgateModule.forRoot({ concurrency: 0 })).toThrow('"concurrency"');
    expect(() => TaskgateModule.forRoot({ allowedOrigins: 5 as never })).toThrow('"allowedOrigins"');
    expect(() => TaskFunction({ timeoutMs: -1 })).toThrow('"timeoutMs"');
    expect(() => TaskFunction({ mode: 'process' as never })).toThrow('"mode"');
  });
});
