// Type test of useTask, checked by use-task.types.spec.ts (and by `tsc -p libs/react`):
// every line compiles, and each `@ts-expect-error` line must really be an error.
import type { ErrorCode, ProgressEvent, TaskClient, TaskResult } from '@taskgate/client';
import type { FixtureTaskMap } from '../e2e/register-fixture-tasks';
import { useTask, useTaskClient, type TaskgateProviderProps, type TaskStatus } from './index';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
declare function expectTrue<T extends true>(): void;

export function TaskNames(): void {
  useTask('add');
  useTask('steps');
  // @ts-expect-error not a task of the server
  useTask('nope');
  // @ts-expect-error a method of the provider, but not one of its tasks
  useTask('secret');
  // @ts-expect-error the method name of a task renamed `explode`
  useTask('fail');
  // @ts-expect-error a name is required
  useTask();
}

export function Args(): void {
  const add = useTask('add');
  void add.run({ a: 1, b: 2 });
  // @ts-expect-error `b` is missing
  void add.run({ a: 1 });
  // @ts-expect-error `a` is a number
  void add.run({ a: '1', b: 2 });
  // @ts-expect-error the args are required
  void add.run();

  const explode = useTask('explode');
  void explode.run();

  const slow = useTask('slow');
  void slow.run({ ms: 10 }, { timeoutMs: 100, signal: new AbortController().signal, onProgress: (event) => event.progress });
  // @ts-expect-error not a run option
  void slow.run({ ms: 10 }, { retries: 3 });
  // @ts-expect-error `ms` of slow, not `steps`
  void slow.run({ steps: 3 });
}

export function ResultsAndState(): void {
  const add = useTask('add');
  expectTrue<Equal<ReturnType<typeof add.run>, Promise<TaskResult<number>>>>();
  expectTrue<Equal<typeof add.status, TaskStatus>>();
  expectTrue<Equal<typeof add.progress, ProgressEvent | undefined>>();
  expectTrue<Equal<typeof add.id, string | undefined>>();
  expectTrue<Equal<ReturnType<typeof add.cancel>, void>>();

  if (add.status === 'succeeded') {
    expectTrue<Equal<typeof add.result, number>>();
    expectTrue<Equal<typeof add.error, undefined>>();
    expectTrue<Equal<typeof add.id, string>>();
  } else {
    expectTrue<Equal<typeof add.result, undefined>>();
  }
  if (add.status === 'failed' || add.status === 'cancelled' || add.status === 'timed_out') {
    expectTrue<Equal<typeof add.error.code, ErrorCode>>();
  }
  if (add.status === 'idle') expectTrue<Equal<typeof add.id, undefined>>();
  // @ts-expect-error the result may not be there: narrow on status first
  add.result.toFixed();

  const { status, result } = useTask('greet');
  if (status === 'succeeded') expectTrue<Equal<typeof result, string>>();
}

export function Client(other: TaskClient<{ other: { args: void; result: void } }>): void {
  expectTrue<Equal<ReturnType<typeof useTaskClient>, TaskClient<FixtureTaskMap>>>();
  // @ts-expect-error a client of other tasks than the registered ones
  const props: TaskgateProviderProps = { client: other };
  void props;
}
