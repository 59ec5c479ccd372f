import { isObservable, lastValueFrom } from 'rxjs';
import type { ApplicationConfig } from '@nestjs/core';
import { isPromiseLike } from '../utils/promise-like.js';

// Nest's own metadata keys of @UseGuards, @UsePipes, @UseInterceptors and @UseFilters.
const GUARDS = '__guards__';
const PIPES = '__pipes__';
const INTERCEPTORS = '__interceptors__';
const FILTERS = '__exceptionFilters__';

/**
 * Which Nest enhancers apply to one task method: its own, its class's, and the global
 * ones (read on each call, since `app.useGlobal*()` may come after discovery). Where none
 * apply, the task skips Nest's pipeline: it has nothing to run, and a no-op task pays
 * for every layer.
 */
export class TaskEnhancers {
  private readonly ownAdmission: boolean;
  private readonly ownCall: boolean;

  constructor(
    private readonly config: ApplicationConfig | undefined,
    providerClass: Function,
    method: Function,
  ) {
    const has = (key: string) => hasEntries(Reflect.getMetadata(key, method)) || hasEntries(Reflect.getMetadata(key, providerClass));
    this.ownAdmission = has(GUARDS) || has(PIPES);
    this.ownCall = has(INTERCEPTORS) || has(FILTERS);
  }

  /** True when guards or pipes apply to the task. */
  get admission(): boolean {
    const config = this.config;
    return (
      this.ownAdmission ||
      (!!config &&
        anyEntries(config.getGlobalGuards(), config.getGlobalPipes(), config.getGlobalRequestGuards(), config.getGlobalRequestPipes()))
    );
  }

  /** True when interceptors or exception filters apply to the task. */
  get call(): boolean {
    const config = this.config;
    return (
      this.ownCall ||
      (!!config &&
        anyEntries(
          config.getGlobalInterceptors(),
          config.getGlobalFilters(),
          config.getGlobalRequestInterceptors(),
          config.getGlobalRequestFilters(),
        ))
    );
  }
}

function anyEntries(...lists: unknown[][]): boolean {
  return lists.some((list) => list.length > 0);
}

function hasEntries(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * Calls a task method directly, as Nest's pipeline would with nothing in it: observables resolve
 * to their last value. A synchronous method's value is returned as it is (and its error thrown),
 * so that the run can end without a turn of the microtask queue.
 */
export function callDirectly(instance: object, method: (...args: unknown[]) => unknown, args: unknown, ctx: unknown): unknown {
  const value = method.call(instance, args, ctx);
  return isPromiseLike(value) ? Promise.resolve(value).then(lastOf) : lastOf(value);
}

function lastOf(value: unknown): unknown {
  return isObservable(value) ? lastValueFrom(value) : value;
}
