import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { TASKGATE_CONTEXT_TYPE, TASKGATE_RESOLVED_OPTIONS } from './taskgate.constants.js';
import { scopedProviderMessage } from './taskgate.messages.js';
import type { ResolvedTaskgateOptions } from './taskgate.options.js';
import type { TaskContext } from './task-context.js';
import type { TaskFunctionOptions } from './task-function.options.js';
import { TaskMetadataAccessor } from './task-metadata.accessor.js';
import { TaskRegistry } from './task.registry.js';

/**
 * Finds every `@TaskFunction()` method on the application's providers at module
 * init and registers it, wrapped in Nest's enhancer pipeline.
 */
@Injectable()
export class TaskExplorer implements OnModuleInit {
  private readonly logger = new Logger('Taskgate');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: TaskMetadataAccessor,
    private readonly contextCreator: ExternalContextCreator,
    private readonly registry: TaskRegistry,
    @Inject(TASKGATE_RESOLVED_OPTIONS) private readonly options: ResolvedTaskgateOptions,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) this.explore(wrapper);
    this.logger.log(`Tasks: ${this.registry.names().join(', ') || '(none)'}`);
  }

  private explore(wrapper: InstanceWrapper): void {
    const { instance } = wrapper;
    const prototype = instance ? Object.getPrototypeOf(instance) : undefined;
    if (!wrapper.isDependencyTreeStatic()) {
      this.rejectScoped(wrapper);
      return;
    }
    if (!instance || !prototype || prototype === Object.prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = prototype[methodName] as Function;
      const options = this.accessor.getTaskFunctionOptions(method);
      if (options) this.register(instance, methodName, options);
    }
  }

  private register(instance: object, methodName: string, options: TaskFunctionOptions): void {
    const providerClass = instance.constructor;
    const method = (instance as Record<string, Function>)[methodName] as (...args: unknown[]) => unknown;
    const invoke = this.contextCreator.create(
      instance,
      method,
      methodName,
      undefined,
      undefined,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      TASKGATE_CONTEXT_TYPE,
    ) as (args: unknown, ctx: TaskContext) => Promise<unknown>;
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
    this.registry.register({
      name: options.name ?? methodName,
      mode: options.mode ?? 'inline',
      ...(options.description !== undefined && { description: options.description }),
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      declaredBy: `${providerClass.name}.${methodName}`,
      providerClass,
      methodName,
      invoke,
    });
  }

  private rejectScoped(wrapper: InstanceWrapper): void {
    const metatype = wrapper.metatype as Function | undefined;
    const prototype = metatype?.prototype as Record<string, Function> | undefined;
    if (!prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      if (this.accessor.getTaskFunctionOptions(prototype[methodName] as Function)) {
        throw new Error(scopedProviderMessage(`${metatype?.name}.${methodName}`));
      }
    }
  }
}
