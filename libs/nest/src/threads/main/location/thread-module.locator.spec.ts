import { Module, type DynamicModule } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { ThreadFixtureModule } from '../../../../e2e/support/thread-fixture.module';
import { ThreadGreetingService, ThreadTasks } from '../../../../e2e/support/thread-tasks';
import type { TaskDefinition } from '../../../interfaces/task-definition.interface';
import { InspectorUnavailableError } from './class-script.inspector';
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
      {
        file: join(__dirname, '..', '..', '..', '..', 'e2e', 'support', 'thread-fixture.module.ts'),
        exportName: 'ThreadFixtureModule',
        name: 'ThreadFixtureModule',
      },
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
    expect(locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer), { loaded })).toEqual([
      { file: '/app/thread-fixture.module.js', exportName: 'ThreadFixtureModule', name: 'ThreadFixtureModule' },
    ]);
    await app.close();
  });

  it('finds an ES module, which require.cache does not know, by the file that defines its class', async () => {
    const app = await Test.createTestingModule({ imports: [ThreadFixtureModule] }).compile();
    const classScripts = (classes: readonly Function[]) => new Map(classes.map((cls) => [cls, 'file:///app/thread-fixture.module.mjs']));
    expect(locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer), { loaded: {}, classScripts })).toEqual([
      { file: 'file:///app/thread-fixture.module.mjs', exportName: undefined, name: 'ThreadFixtureModule' },
    ]);
    await app.close();
  });

  it('names the task, the module and the fix when the file of a module that is not CommonJS cannot be asked of node:inspector', async () => {
    const app = await Test.createTestingModule({ imports: [ThreadFixtureModule] }).compile();
    const classScripts = () => {
      throw new InspectorUnavailableError('Access to this API has been restricted');
    };
    expect(() => locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer), { loaded: {}, classScripts })).toThrow(
      'Thread task ThreadTasks.fib: no loaded CommonJS file exports its module ThreadFixtureModule, and node:inspector, which finds the file of an ES module, cannot be used here (Access to this API has been restricted)',
    );
    await app.close();
  });

  it('names the task and the module when the module class comes from no file a worker can load', async () => {
    @Module({ providers: [ThreadGreetingService, ThreadTasks] })
    class EvaluatedModule {}

    const app = await Test.createTestingModule({ imports: [EvaluatedModule] }).compile();
    const classScripts = (classes: readonly Function[]) => new Map(classes.map((cls) => [cls, undefined]));
    expect(() => locateThreadModules([task(ThreadTasks)], app.get(ModulesContainer), { classScripts })).toThrow(
      'Thread task ThreadTasks.fib: its module EvaluatedModule is not defined in a file that a worker thread can load (no file is known for it)',
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
    expect(() => locateThreadModules([task(Stray)], app.get(ModulesContainer))).toThrow(
      'Thread task Stray.fib: its provider is not declared in any module',
    );
    await app.close();
  });
});
