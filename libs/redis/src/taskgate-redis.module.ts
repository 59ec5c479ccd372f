import { Global, Inject, Injectable, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import {
  TASKGATE_SESSION_STORE_FACTORY,
  type ResolvedTaskgateOptions,
  type SessionStore,
  type SessionStoreFactory,
} from '@taskgate/nest/internal';
import {
  checkAsyncOptions,
  resolveRedisOptions,
  type TaskgateRedisAsyncOptions,
  type TaskgateRedisOptions,
  type TaskgateRedisOptionsFactory,
} from './options/redis.options.js';
import { TASKGATE_REDIS_OPTIONS } from './redis.constants.js';
import { RedisSessionStore } from './store/redis-session.store.js';

/** Makes the Redis session store for `TaskgateModule`, with this module's options. */
@Injectable()
class RedisSessionStoreFactory implements SessionStoreFactory {
  constructor(@Inject(TASKGATE_REDIS_OPTIONS) private readonly options: TaskgateRedisOptions) {}

  create(taskgate: ResolvedTaskgateOptions, moduleRef: ModuleRef): SessionStore {
    return new RedisSessionStore(taskgate, resolveRedisOptions(this.options), moduleRef);
  }
}

/**
 * Taskgate on several nodes over one Redis: import it beside `TaskgateModule`, once, in the root
 * module. Sessions (runs in flight, retained results) live in Redis, results reach a client on
 * whichever node it is connected to (`@socket.io/redis-streams-adapter`), a re-sent run runs
 * once, a cancel reaches the node that runs it, the runs of a node that dies end `NODE_LOST`,
 * and a deploy (`app.close()`) sends clients to other nodes without losing a result.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [TaskgateModule.forRoot(), TaskgateRedisModule.forRoot({ url: 'redis://127.0.0.1:6379' })],
 *   providers: [ReportTasks],
 * })
 * export class AppModule {}
 * ```
 */
@Global()
@Module({})
export class TaskgateRedisModule {
  static forRoot(options: TaskgateRedisOptions): DynamicModule {
    resolveRedisOptions(options);
    return this.assemble([], [{ provide: TASKGATE_REDIS_OPTIONS, useValue: options }]);
  }

  /** The options from a factory (e.g. the URL from `ConfigService`), a class or an existing provider. */
  static forRootAsync(options: TaskgateRedisAsyncOptions): DynamicModule {
    checkAsyncOptions(options);
    const validated = (value: TaskgateRedisOptions) => (resolveRedisOptions(value), value);
    const providers: Provider[] = [];
    if (options.useFactory) {
      const factory = options.useFactory;
      providers.push({
        provide: TASKGATE_REDIS_OPTIONS,
        useFactory: async (...args: unknown[]) => validated(await factory(...args)),
        inject: options.inject ?? [],
      });
    } else {
      const factoryClass = (options.useClass ?? options.useExisting)!;
      providers.push({
        provide: TASKGATE_REDIS_OPTIONS,
        useFactory: async (factory: TaskgateRedisOptionsFactory) => validated(await factory.createTaskgateRedisOptions()),
        inject: [factoryClass],
      });
      if (options.useClass) providers.push({ provide: options.useClass, useClass: options.useClass });
    }
    return this.assemble(options.imports ?? [], providers);
  }

  private static assemble(imports: NonNullable<DynamicModule['imports']>, optionProviders: Provider[]): DynamicModule {
    return {
      module: TaskgateRedisModule,
      global: true,
      imports,
      providers: [...optionProviders, { provide: TASKGATE_SESSION_STORE_FACTORY, useClass: RedisSessionStoreFactory }],
      exports: [TASKGATE_SESSION_STORE_FACTORY],
    };
  }
}
