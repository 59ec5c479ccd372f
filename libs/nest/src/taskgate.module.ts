import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule, ModuleRef } from '@nestjs/core';
import { DEFAULT_NAMESPACE } from '@taskgate/protocol';
import { MemorySessionStore } from './sessions/memory-session.store.js';
import { SessionStore, type SessionStoreFactory } from './sessions/session.store.js';
import { RunControlHandler } from './gateway/run-control.handler.js';
import { RunRequestHandler } from './gateway/run-request.handler.js';
import { TASK_BACKENDS, TaskExecutor } from './executor/task.executor.js';
import { TaskExplorer } from './discovery/task.explorer.js';
import { TaskMetadataAccessor } from './discovery/task-metadata.accessor.js';
import { TaskRegistry } from './discovery/task.registry.js';
import { TaskThreadPool } from './threads/main/thread-pool.backend.js';
import { TASKGATE_MODULE_OPTIONS, TASKGATE_RESOLVED_OPTIONS, TASKGATE_SESSION_STORE_FACTORY } from './taskgate.constants.js';
import { createTaskgateGateway } from './gateway/taskgate-gateway.factory.js';
import { TaskgateGateway } from './gateway/taskgate.gateway.js';
import { knownKeys } from './options/option.validators.js';
import { OBSERVABILITY_PROVIDERS } from './observability/instruments.providers.js';
import { createMetricsController } from './observability/metrics/metrics.controller.js';
import { TaskgateMetrics } from './observability/metrics/taskgate.metrics.js';
import {
  ASYNC_OPTION_KEYS,
  checkGatewayOptions,
  resolveTaskgateOptions,
  type TaskgateGatewayOptions,
  type TaskgateModuleAsyncOptions,
  type TaskgateModuleOptions,
  type ResolvedTaskgateOptions,
  type TaskgateOptionsFactory,
} from './options/module.options.js';

/**
 * Discovers every `@TaskFunction()` of the application and serves them over a
 * socket.io gateway. Import it once, in the root module.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [TaskgateModule.forRoot({ concurrency: 32 })],
 *   providers: [MathTasks],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class TaskgateModule {
  /** Registers Taskgate with static options. */
  static forRoot(options: TaskgateModuleOptions = {}): DynamicModule {
    resolveTaskgateOptions(options);
    return this.assemble(options, [], [{ provide: TASKGATE_MODULE_OPTIONS, useValue: options }]);
  }

  /** Registers Taskgate with options from a factory, a class or an existing provider. */
  static forRootAsync(options: TaskgateModuleAsyncOptions): DynamicModule {
    knownKeys('TaskgateModule.forRootAsync()', options, ASYNC_OPTION_KEYS);
    checkGatewayOptions(options);
    return this.assemble(options, options.imports ?? [], this.asyncProviders(options));
  }

  private static assemble(
    shape: TaskgateGatewayOptions & { namespace?: string },
    imports: DynamicModule['imports'] & object,
    optionProviders: Provider[],
  ): DynamicModule {
    const { namespace } = shape;
    const gateway = createTaskgateGateway(namespace ?? DEFAULT_NAMESPACE, shape);
    // Observability: `metrics.path` (forRoot only, validated there) adds a controller that serves the registry.
    const metrics = (shape as TaskgateModuleOptions).metrics;
    const metricsPath = typeof metrics === 'object' ? metrics.path : undefined;
    return {
      module: TaskgateModule,
      imports: [DiscoveryModule, ...imports],
      providers: [
        ...optionProviders,
        {
          provide: TASKGATE_RESOLVED_OPTIONS,
          useFactory: (raw: TaskgateModuleOptions) => resolveTaskgateOptions({ ...raw, namespace: namespace ?? raw.namespace }),
          inject: [TASKGATE_MODULE_OPTIONS],
        },
        TaskMetadataAccessor,
        TaskRegistry,
        TaskExplorer,
        TaskExecutor,
        TaskThreadPool,
        { provide: TASK_BACKENDS, useFactory: (threads: TaskThreadPool) => [threads], inject: [TaskThreadPool] },
        {
          provide: SessionStore,
          // A store shared by several nodes (`@taskgate/redis`), when one is provided, takes the in-memory one's place.
          useFactory: (options: ResolvedTaskgateOptions, moduleRef: ModuleRef, shared: SessionStoreFactory | null) =>
            shared ? shared.create(options, moduleRef) : new MemorySessionStore(options),
          inject: [TASKGATE_RESOLVED_OPTIONS, ModuleRef, { token: TASKGATE_SESSION_STORE_FACTORY, optional: true }],
        },
        RunRequestHandler,
        RunControlHandler,
        { provide: TaskgateGateway, useClass: gateway },
        ...OBSERVABILITY_PROVIDERS,
      ],
      ...(metricsPath !== undefined && { controllers: [createMetricsController(metricsPath)] }),
      exports: [TaskRegistry, TaskExecutor, TaskgateGateway, TaskgateMetrics],
    };
  }

  private static asyncProviders(options: TaskgateModuleAsyncOptions): Provider[] {
    if (options.useFactory) {
      return [{ provide: TASKGATE_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }];
    }
    const factoryClass = options.useClass ?? options.useExisting;
    if (!factoryClass) throw new TypeError('TaskgateModule.forRootAsync() needs useFactory, useClass or useExisting');
    const providers: Provider[] = [
      {
        provide: TASKGATE_MODULE_OPTIONS,
        useFactory: (factory: TaskgateOptionsFactory) => factory.createTaskgateOptions(),
        inject: [factoryClass],
      },
    ];
    if (options.useClass) providers.push({ provide: options.useClass, useClass: options.useClass });
    return providers;
  }
}
