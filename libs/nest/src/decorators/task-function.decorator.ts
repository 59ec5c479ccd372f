import { SetMetadata } from '@nestjs/common';
import { MAX_TASK_NAME_LENGTH, MAX_TIMEOUT_MS } from '@taskgate/protocol';
import { isStandardSchema } from '../validation/standard-schema.validator.js';
import { TASK_FUNCTION_METADATA } from '../taskgate.constants.js';
import type { TaskFunctionOptions } from '../interfaces/task-function-options.interface.js';
import { invalidOptionMessage } from '../errors/taskgate.messages.js';
import { knownKeys } from '../options/option.validators.js';

const TASK_FUNCTION_OPTION_KEYS: ReadonlyArray<keyof TaskFunctionOptions> = [
  'name',
  'description',
  'timeoutMs',
  'mode',
  'concurrency',
  'input',
  'output',
  'roles',
];

function check(condition: boolean, option: string, expected: string, actual: unknown): void {
  if (!condition) throw new TypeError(invalidOptionMessage(`@TaskFunction() option "${option}"`, expected, actual));
}

/**
 * Declares a provider method as a task that clients can call by name. The method
 * receives `(args, ctx: TaskContext)` and returns the result (or a promise of it).
 * Only methods carrying this decorator can be called.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class MathTasks {
 *   @TaskFunction({ description: 'Adds two numbers' })
 *   add({ a, b }: { a: number; b: number }) {
 *     return a + b;
 *   }
 *
 *   @TaskFunction({ mode: 'thread', timeoutMs: 10_000 })
 *   fib({ n }: { n: number }) {
 *     return n < 2 ? n : this.fib({ n: n - 1 }) + this.fib({ n: n - 2 });
 *   }
 * }
 * ```
 */
export function TaskFunction(options: TaskFunctionOptions = {}): MethodDecorator {
  knownKeys('@TaskFunction()', options, TASK_FUNCTION_OPTION_KEYS);
  const { name, description, timeoutMs, mode, concurrency, input, output, roles } = options;
  check(
    name === undefined || (typeof name === 'string' && name.length > 0 && name.length <= MAX_TASK_NAME_LENGTH),
    'name',
    `a string of 1-${MAX_TASK_NAME_LENGTH} characters`,
    name,
  );
  check(description === undefined || typeof description === 'string', 'description', 'a string', description);
  check(
    timeoutMs === undefined || (Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS),
    'timeoutMs',
    'a positive integer',
    timeoutMs,
  );
  check(mode === undefined || mode === 'inline' || mode === 'thread', 'mode', '"inline" or "thread"', mode);
  check(input === undefined || isStandardSchema(input), 'input', 'a Standard Schema validator (zod, valibot, arktype...)', input);
  check(output === undefined || isStandardSchema(output), 'output', 'a Standard Schema validator (zod, valibot, arktype...)', output);
  check(
    roles === undefined || (Array.isArray(roles) && roles.every((role) => typeof role === 'string')),
    'roles',
    'an array of strings',
    roles,
  );
  check(concurrency === undefined || (Number.isInteger(concurrency) && concurrency > 0), 'concurrency', 'a positive integer', concurrency);
  return SetMetadata(TASK_FUNCTION_METADATA, { ...options });
}
