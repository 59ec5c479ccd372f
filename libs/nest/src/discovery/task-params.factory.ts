import type { ParamsFactory } from '@nestjs/core/helpers/external-context-creator.js';

/** Metadata key of a task method's parameters, for Nest's pipes. */
export const TASK_PARAMS_METADATA = 'taskgate:params';

/**
 * Parameter kinds of a task method: `(args, ctx)`. The numbers are those of Nest's
 * microservices (`@Payload()` 3, `@Ctx()` 6): pipes see the args as `'body'`, which is
 * what `ValidationPipe` validates.
 */
export enum TaskParamType {
  ARGS = 3,
  CONTEXT = 6,
}

/** Gives Nest's pipeline the value of each task parameter: the args, or the context. */
export class TaskParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, _data: unknown, args: unknown[]): unknown {
    return type === TaskParamType.ARGS ? args[0] : args[1];
  }
}

/**
 * Declares a task method's parameters as `(args, ctx)` so that pipes (`@UsePipes`,
 * global pipes such as `ValidationPipe`) see the args with their declared type (a DTO class).
 */
export function implicitTaskParams(providerClass: Function, methodName: string): void {
  if (Reflect.hasOwnMetadata(TASK_PARAMS_METADATA, providerClass, methodName)) return;
  const params = {
    [`${TaskParamType.ARGS}:0`]: { index: 0, data: undefined, pipes: [] },
    [`${TaskParamType.CONTEXT}:1`]: { index: 1, data: undefined, pipes: [] },
  };
  Reflect.defineMetadata(TASK_PARAMS_METADATA, params, providerClass, methodName);
}
