// Type test: compiled by generated-task-map.types.spec.ts (and by `tsc -p libs/nest`); each of its
// expected errors must be an error. The map is the committed output of taskgate-types for
// FixtureTasks (libs/testing), whose `secret` is a public method without @TaskFunction().
import { TaskClient } from '@taskgate/client';
import type { FixtureTaskMap } from '@taskgate/testing';

const client = new TaskClient<FixtureTaskMap>({ url: 'http://127.0.0.1:3000' });

async function typed(): Promise<void> {
  const sum = await client.run('add', { a: 1, b: 2 });
  if (sum.status === 'succeeded') {
    const n: number = sum.result;
    void n;
  }
  const greeting = await client.run('greet', { name: 'ada' });
  if (greeting.status === 'succeeded') {
    const s: string = greeting.result;
    void s;
  }
  const steps = await client.run('steps', { steps: 3 }); // (args, ctx): the context is not an argument
  if (steps.status === 'succeeded') {
    const n: number = steps.result; // Promise<number> is unwrapped
    void n;
  }
  await client.run('explode', undefined); // `fail`, renamed by its decorator
  await client.run('refuse', undefined);

  // @ts-expect-error: a public method without @TaskFunction() is not a task
  await client.run('secret', undefined);
  // @ts-expect-error: the method name of a renamed task is not its task name
  await client.run('fail', undefined);
  // @ts-expect-error: the constructor's dependency is no task either
  await client.run('greetings', undefined);
  // @ts-expect-error: wrong argument type
  await client.run('add', { a: '1', b: 2 });
  // @ts-expect-error: missing argument field
  await client.run('slow', {});
  if (sum.status === 'succeeded') {
    // @ts-expect-error: the result is a number, not a string
    const wrong: string = sum.result;
    void wrong;
  }
}
void typed;
