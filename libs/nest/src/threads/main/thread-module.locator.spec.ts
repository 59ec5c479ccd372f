import { Module, type DynamicModule } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { ThreadFixtureModule } from '../../../e2e/support/thread-fixture.module';
import { ThreadGreetingService, ThreadTasks } from '../../../e2e/support/thread-tasks';
import type { TaskDefinition } from '../../interfaces/task-definition.interface';
import { locateThreadModules } from './thread-module.locator';

const task = (providerClass: Function, name = 'fib'): Pick<TaskDefinition, 'providerClass' | 'declaredBy'> => ({
  declaredBy: `${providerClass.name}.${name}`,
  providerClass,
});

describe('locateThreadModules', () => {
  it('finds the module that declares a task provider and the loaded file that exports it', async () => {
    const app = await Test.createTestingModule({ imports: [ThreadFixtureModule] }).compile();
    const targets = locateThreadModules([task(ThreadTasks), task(ThreadTasks, 'square')], app.get(ModulesContainer));
    expect(targets).toEqual([
      { file: join(__dirname, '..', '..', '..', 'e2e', 'support', 'thread-fixture.module.ts'), exportName: 'ThreadFixtureModule', name: 'ThreadFixtureModule' },
    ]);
    await app.close();
  });

  it('prefers the file that defines the export over a file that re-exports it', async () => {
    const app = await Test.createTestingModule({ imports: [ThreadFixtureModule] }).compile();
    const loaded = {
      '/app/index.js': { exports: Object.defineProperty({}, 'ThreadFixtureModule', { enumerable: true, get: () => ThreadFixtureModule }) },
      '/app/thread-fixture.module.js': { exports: { ThreadFixtureModule } },
      '/app/other.js': { exports: { unrelated: 1 } },
    };
    expect(locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer), loaded)).toEqual([
      { file: '/app/thread-fixture.module.js', exportName: 'ThreadFixtureModule', name: 'ThreadFixtureModule' },
    ]);
    await app.close();
  });

  it('names the task and the module when no loaded file exports the module', async () => {
    @Module({ providers: [ThreadGreetingService, ThreadTasks] })
    class UnexportedModule {}

    const app = await Test.createTestingModule({ imports: [UnexportedModule] }).compile();
    expect(() => locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer))).toThrow(
      'Thread task ThreadTasks.fib: no loaded CommonJS file exports its module UnexportedModule',
    );
    await app.close();
  });

  it('refuses a task whose provider comes from a dynamic module, which a worker cannot rebuild', async () => {
    @Module({})
    class DynamicTasksModule {
      static register(): DynamicModule {
        return { module: DynamicTasksModule, providers: [ThreadGreetingService, ThreadTasks] };
      }
    }

    const app = await Test.createTestingModule({ imports: [DynamicTasksModule.register()] }).compile();
    expect(() => locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer))).toThrow(
      'Thread task ThreadTasks.fib: its provider comes from a dynamic module of DynamicTasksModule',
    );
    await app.close();
  });

  it('names the task whose provider no module declares', async () => {
    class Stray {}
    const app = await Test.createTestingModule({ imports: [ThreadFixtureModule] }).compile();
    expect(() => locateThreadModules([task(Stray)], app.get(ModulesContainer))).toThrow('Thread task Stray.fib: its provider is not declared in any module');
    await app.close();
  });
});
