// Type test: compiled by typed-client.types.spec.ts; each @ts-expect-error must be an error.
import type { TasksOf } from '@taskgate/protocol';
import { TaskClient } from './task-client.js';

// What a server exports, imported type-only by a UI.
declare class MathTasks {
  add(args: { a: number; b: number }): number;
  greet(args: { name: string }, ctx: unknown): Promise<string>;
  ping(): 'pong';
}
type Tasks = TasksOf<MathTasks>;

const client = new TaskClient<Tasks>({ url: 'http://127.0.0.1:3000' });

async function typed(): Promise<void> {
  const sum = await client.run('add', { a: 1, b: 2 });
  if (sum.status === 'succeeded') {
    const n: number = sum.result;
    void n;
  } else {
    const code: string = sum.error.code;
    void code;
  }
  const hello = await client.run('greet', { name: 'ada' });
  if (hello.status === 'succeeded') {
    const s: string = hello.result; // Promise<string> is unwrapped
    void s;
  }
  await client.run('ping', undefined);
  client.call('add', { a: 1, b: 2 }, (result) => {
    if (result.status === 'succeeded') {
      const n: number = result.result;
      void n;
    }
  });

  // @ts-expect-error: a task name the server does not have
  await client.run('mul', { a: 1, b: 2 });
  // @ts-expect-error: wrong argument type
  await client.run('add', { a: '1', b: 2 });
  // @ts-expect-error: missing argument field
  await client.run('add', { a: 1 });
  // @ts-expect-error: result read without narrowing on status
  void sum.result;
  if (sum.status === 'succeeded') {
    // @ts-expect-error: the result is a number, not a string
    const wrong: string = sum.result;
    void wrong;
  }
}
void typed;

// The untyped client accepts any name and args.
const loose = new TaskClient({ url: 'http://127.0.0.1:3000' });
void loose.run('anything', { at: 'all' });
