// Type test of useTask, checked by use-task.types.spec.ts (and by `tsc -p libs/vue`):
// every line compiles, and each `@ts-expect-error` line must really be an error.
import type { ProgressEvent, TaskClient, TaskError, TaskResult } from '@taskgate/client';
import { createApp, type Ref } from 'vue';
import type { FixtureTaskMap } from '../e2e/register-fixture-tasks';
import { TaskgatePlugin, provideTaskClient, useTask, useTaskClient, type TaskStatus } from './index';

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

export function Refs(): void {
  const { run, cancel, status, progress, result, error, id } = useTask('add');
  expectTrue<Equal<ReturnType<typeof run>, Promise<TaskResult<number>>>>();
  expectTrue<Equal<ReturnType<typeof cancel>, void>>();
  expectTrue<Equal<typeof status, Readonly<Ref<TaskStatus>>>>();
  expectTrue<Equal<typeof progress, Readonly<Ref<ProgressEvent | undefined>>>>();
  expectTrue<Equal<typeof result, Readonly<Ref<number | undefined>>>>();
  expectTrue<Equal<typeof error, Readonly<Ref<TaskError | undefined>>>>();
  expectTrue<Equal<typeof id, Readonly<Ref<string | undefined>>>>();
  // @ts-expect-error the refs are read-only
  status.value = 'succeeded';
  // @ts-expect-error the result may not be there
  result.value.toFixed();

  const greet = useTask('greet');
  expectTrue<Equal<typeof greet.result, Readonly<Ref<string | undefined>>>>();
}

export function Client(other: TaskClient<{ other: { args: void; result: void } }>, client: TaskClient<FixtureTaskMap>): void {
  expectTrue<Equal<ReturnType<typeof useTaskClient>, TaskClient<FixtureTaskMap>>>();
  createApp({}).use(TaskgatePlugin, { client });
  provideTaskClient(client);
  // @ts-expect-error a client of other tasks than the registered ones
  provideTaskClient(other);
  // @ts-expect-error the plugin needs its client
  createApp({}).use(TaskgatePlugin);
}
