import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TASK_FUNCTION_METADATA } from '../taskgate.constants.js';
import type { TaskFunctionOptions } from '../interfaces/task-function-options.interface.js';

/** Reads `@TaskFunction()` metadata: the one place that knows the metadata key. */
@Injectable()
export class TaskMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** The options of a method decorated with `@TaskFunction()`, or undefined. */
  getTaskFunctionOptions(method: Function): TaskFunctionOptions | undefined {
    return this.reflector.get<TaskFunctionOptions | undefined>(TASK_FUNCTION_METADATA, method);
  }
}
