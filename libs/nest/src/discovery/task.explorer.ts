import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, type ApplicationConfig } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { TaskParamsFactory, TASK_PARAMS_METADATA, implicitTaskParams } from './task-params.factory.js';
import { TaskEnhancers, callDirectly } from './task.enhancers.js';
import { TASKGATE_CONTEXT_TYPE, TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import { scopedProviderMessage } from '../errors/taskgate.messages.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';
import type { TaskAdmissionContext, TaskContext } from '../interfaces/task-context.interface.js';
import type { TaskFunctionOptions } from '../interfaces/task-function-options.interface.js';
import { reachNestContainer } from './nest-container.reach.js';
import { TaskMetadataAccessor } from './task-metadata.accessor.js';
import { TaskRegistry } from './task.registry.js';

type Method = (...args: unknown[]) => unknown;

/**
 * Finds every `@TaskFunction()` method on the application's providers at module
 * init and registers it, wrapped in Nest's own enhancer pipeline (`ExternalContextCreator`,
 * as in Nest's microservices and websockets): guards and pipes at admission, interceptors
 * and exception filters around the call.
 */
@Injectable()
export class TaskExplorer implements OnModuleInit {
  private readonly logger = new Logger('Taskgate');
  private readonly paramsFactory = new TaskParamsFactory();
  /**
   * Nest caches a handler's parameter metadata per class and method in each context creator,
   * so admission (with parameters, for pipes) and the call (without) each get their own.
   */
  private readonly admissionCreator: ExternalContextCreator;
  /** Undefined in an application context (as in worker threads): no global enhancers there. */
  private readonly config: ApplicationConfig | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: TaskMetadataAccessor,
    private readonly contextCreator: ExternalContextCreator,
    private readonly registry: TaskRegistry,
    @Inject(TASKGATE_RESOLVED_OPTIONS) private readonly options: ResolvedTaskgateOptions,
  ) {
    ({ admissionCreator: this.admissionCreator, config: this.config } = reachNestContainer(contextCreator, ExternalContextCreator));
  }

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
    const method = (instance as Record<string, Method>)[methodName]!;
    implicitTaskParams(providerClass, methodName);
    const enhancers = new TaskEnhancers(this.config, providerClass, method);
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
    this.registry.register({
      name: options.name ?? methodName,
      mode: options.mode ?? 'inline',
      ...(options.description !== undefined && { description: options.description }),
      ...(timeoutMs !== undefined && { timeoutMs }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.input !== undefined && { input: options.input }),
      ...(options.output !== undefined && { output: options.output }),
      ...(options.roles !== undefined && { roles: [...options.roles] }),
      declaredBy: `${providerClass.name}.${methodName}`,
      providerClass,
      methodName,
      admit: this.admission(instance, method, methodName, enhancers),
      needsAdmission: () => enhancers.admission,
      invoke: this.call(instance, method, methodName, enhancers),
    });
  }

  /**
   * Guards and pipes of the method, run before queueing: the pipeline's callback is a stand-in
   * carrying the method's metadata, that returns the (piped) args instead of running the task.
   */
  private admission(
    instance: object,
    method: Method,
    methodName: string,
    enhancers: TaskEnhancers,
  ): (args: unknown, ctx: TaskAdmissionContext) => Promise<unknown> {
    const admitted = function (this: unknown, args: unknown) {
      return args;
    };
    for (const key of Reflect.getMetadataKeys(method)) Reflect.defineMetadata(key, Reflect.getMetadata(key, method), admitted);
    const pipeline = this.admissionCreator.create(
      instance,
      admitted,
      methodName,
      TASK_PARAMS_METADATA,
      this.paramsFactory,
      undefined,
      undefined,
      { guards: true, interceptors: false, filters: false },
      TASKGATE_CONTEXT_TYPE,
    ) as (args: unknown, ctx: TaskAdmissionContext) => Promise<unknown>;
    return (args, ctx) => (enhancers.admission ? pipeline(args, ctx) : Promise.resolve(args));
  }

  /** The call itself, through interceptors and exception filters when any apply. */
  private call(
    instance: object,
    method: Method,
    methodName: string,
    enhancers: TaskEnhancers,
  ): (args: unknown, ctx: TaskContext) => unknown {
    const pipeline = this.contextCreator.create(
      instance,
      method,
      methodName,
      undefined,
      undefined,
      undefined,
      undefined,
      { guards: false, interceptors: true, filters: true },
      TASKGATE_CONTEXT_TYPE,
    ) as (args: unknown, ctx: TaskContext) => Promise<unknown>;
    return (args, ctx) => (enhancers.call ? pipeline(args, ctx) : callDirectly(instance, method, args, ctx));
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
