import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TaskMetadataAccessor } from '../../discovery/task-metadata.accessor.js';
import { TaskExplorer } from '../../discovery/task.explorer.js';
import { TaskRegistry } from '../../discovery/task.registry.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../../taskgate.constants.js';
import type { ThreadWorkerOptions } from '../thread.protocol.js';

/**
 * The root module of a worker thread's Nest application context: the application's modules
 * that declare thread tasks, and the part of Taskgate that finds their tasks (the explorer, in
 * its `onModuleInit`, with the application's own options). No executor, pool or gateway:
 * the worker runs the tasks the main thread hands it.
 */
@Module({})
export class TaskgateWorkerModule {
  static forModules(modules: readonly Type[], options: ThreadWorkerOptions): DynamicModule {
    return {
      module: TaskgateWorkerModule,
      imports: [DiscoveryModule, ...modules],
      providers: [
        // NOTE: the options without the gateway's functions (authenticate, principalKey, the
        // origin policy), which cannot be copied to a thread; the explorer does not read them.
        { provide: TASKGATE_RESOLVED_OPTIONS, useValue: options },
        TaskMetadataAccessor,
        TaskRegistry,
        TaskExplorer,
      ],
    };
  }
}
