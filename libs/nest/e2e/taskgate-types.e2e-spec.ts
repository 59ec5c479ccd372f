import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { typeErrorsOf } from '@taskgate/testing';
import { codegenProject, type CodegenProject } from './support/codegen-project';

// The command as the workspace runs it: the bin of @taskgate/nest from its sources
// (tools/install-test runs the built one from the packed tarball).
const BIN = resolve(__dirname, '..', '..', '..', 'tools', 'scripts', 'taskgate-types.cjs');

const MATH_TASKS = `import { Injectable } from '@nestjs/common';
import { TaskFunction, type TaskContext } from '@taskgate/nest';

@Injectable()
export class MathTasks {
  @TaskFunction({ description: 'Adds a and b' })
  add({ a, b }: { a: number; b: number }): number {
    return a + b;
  }

  @TaskFunction({ name: 'renamed' })
  async someMethod({ times }: { times: number }, ctx: TaskContext): Promise<string> {
    ctx.progress(1);
    return 'x'.repeat(times);
  }

  /** Public, but not a task: TasksOf<MathTasks> would take it. */
  helper(): string {
    return 'not a task';
  }
}
`;

interface Exit {
  status: number | null;
  stdout: string;
  stderr: string;
}

function taskgateTypes(at: CodegenProject, ...args: string[]): Exit {
  const { status, stdout, stderr } = spawnSync(process.execPath, [BIN, ...args], { cwd: at.dir, encoding: 'utf8', timeout: 60_000 });
  return { status, stdout, stderr };
}

const OUT = 'src/tasks.generated.ts';

describe('taskgate-types (the command line)', () => {
  let at: CodegenProject;
  beforeEach(() => {
    at = codegenProject({ 'src/math.tasks.ts': MATH_TASKS });
  });
  afterEach(() => at.remove());

  it('writes the task map and exits 0; run again, it leaves the file as it is', () => {
    expect(taskgateTypes(at, '-p', 'tsconfig.json', '-o', OUT)).toEqual({
      status: 0,
      stdout: 'taskgate-types: wrote src/tasks.generated.ts (2 tasks)\n',
      stderr: '',
    });
    expect(readFileSync(at.path(OUT), 'utf8')).toContain("renamed: TaskSignatureOf<MathTasks['someMethod']>;");
    expect(taskgateTypes(at, '-o', OUT)).toMatchObject({
      status: 0,
      stdout: 'taskgate-types: src/tasks.generated.ts is up to date (2 tasks)\n',
    });
  });

  it('exports the type under --name', () => {
    expect(taskgateTypes(at, '-o', OUT, '--name', 'MathTaskMap').status).toBe(0);
    expect(readFileSync(at.path(OUT), 'utf8')).toContain('export type MathTaskMap = {');
  });

  it('--check: exits 1 and writes nothing when the file is missing', () => {
    const result = taskgateTypes(at, '-p', 'tsconfig.json', '-o', OUT, '--check');
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'taskgate-types: src/tasks.generated.ts does not exist. Generate it with: taskgate-types -p tsconfig.json -o src/tasks.generated.ts\n',
    });
    expect(existsSync(at.path(OUT))).toBe(false);
  });

  it('--check: exits 0 when the file is up to date', () => {
    expect(taskgateTypes(at, '-o', OUT).status).toBe(0);
    expect(taskgateTypes(at, '-o', OUT, '--check')).toEqual({
      status: 0,
      stdout: 'taskgate-types: src/tasks.generated.ts is up to date (2 tasks)\n',
      stderr: '',
    });
  });

  it('--check: exits 1 and leaves the file alone when a task changed since it was written', () => {
    expect(taskgateTypes(at, '-o', OUT).status).toBe(0);
    const written = readFileSync(at.path(OUT), 'utf8');
    at.write('src/math.tasks.ts', MATH_TASKS.replace('  helper(): string {', '  @TaskFunction()\n  helper(): string {'));
    const result = taskgateTypes(at, '-o', OUT, '--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'taskgate-types: src/tasks.generated.ts is stale: the @TaskFunction() methods changed since it was generated. ' +
        'Regenerate it with: taskgate-types -p tsconfig.json -o src/tasks.generated.ts\n',
    );
    expect(readFileSync(at.path(OUT), 'utf8')).toBe(written);
    expect(taskgateTypes(at, '-o', OUT).stdout).toBe('taskgate-types: wrote src/tasks.generated.ts (3 tasks)\n');
  });

  it('exits 2 with file:line messages when the declarations are wrong, and writes nothing', () => {
    at.write(
      'src/more.tasks.ts',
      `import { TaskFunction } from '@taskgate/nest';

const NAME = 'computed';

export class MoreTasks {
  @TaskFunction({ name: 'add' })
  plus(): number {
    return 0;
  }

  @TaskFunction({ name: NAME })
  dynamic(): void {}
}
`,
    );
    for (const args of [[], ['--check']]) {
      const result = taskgateTypes(at, '-o', OUT, ...args);
      expect(result.status).toBe(2);
      expect(result.stderr.split('\n')).toEqual([
        'src/more.tasks.ts:11: @TaskFunction() option "name" must be a string literal, so that the task name can be read without running the code',
        'Task "add" is declared twice: by MathTasks.add (src/math.tasks.ts:6) and by MoreTasks.plus (src/more.tasks.ts:6). Give one of them another name with @TaskFunction({ name }).',
        'taskgate-types: 2 problems, nothing written',
        '',
      ]);
      expect(existsSync(at.path(OUT))).toBe(false);
    }
  });

  it('exits 2 with its usage on a wrong command line or an unreadable project', () => {
    expect(taskgateTypes(at)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^taskgate-types: --out is required\n\nUsage: taskgate-types/),
    });
    expect(taskgateTypes(at, '-o', OUT, '--watch')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("Unknown option '--watch'"),
    });
    expect(taskgateTypes(at, '-o', OUT, '--name', 'not-an-identifier')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--name must be a TypeScript identifier, got "not-an-identifier"'),
    });
    expect(taskgateTypes(at, '-p', 'missing.json', '-o', OUT)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^Cannot read the TypeScript project missing\.json: /),
    });
    expect(taskgateTypes(at, '--help')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: taskgate-types/) });
  });

  describe('the generated map types a client (compile-time)', () => {
    const CLIENT = `import { TaskClient, type TasksOf } from '@taskgate/client';
import type { MathTasks } from './math.tasks';
import type { ServerTasks } from './tasks.generated';

// Generated: the decorated methods only, under their task names.
const client = new TaskClient<ServerTasks>({ url: 'http://127.0.0.1:3000' });
// Written by hand: every public method of the class.
const loose = new TaskClient<TasksOf<MathTasks>>({ url: 'http://127.0.0.1:3000' });

async function typed(): Promise<void> {
  const sum = await client.run('add', { a: 1, b: 2 });
  if (sum.status === 'succeeded') {
    const n: number = sum.result;
    void n;
  }
  const text = await client.run('renamed', { times: 3 });
  if (text.status === 'succeeded') {
    const s: string = text.result;
    void s;
  }
  // @ts-expect-error: a public method without @TaskFunction() is not a task
  await client.run('helper', undefined);
  // @ts-expect-error: a renamed task is called by its task name
  await client.run('someMethod', { times: 3 });
  // @ts-expect-error: wrong argument type
  await client.run('add', { a: '1', b: 2 });
  // @ts-expect-error: missing argument field
  await client.run('renamed', {});

  // The hand-written map cannot tell: it takes the undecorated method (a run-time UNKNOWN_TASK).
  await loose.run('helper', undefined);
}
void typed;
`;

    it('makes an undecorated public method a compile error, while decorated ones check their args and results', () => {
      expect(taskgateTypes(at, '-o', OUT).status).toBe(0);
      at.write('src/client.test-d.ts', CLIENT);
      expect(typeErrorsOf(at.path('src/client.test-d.ts'), at.path('tsconfig.json'))).toEqual([]);
    });

    it('fails the type test when the map takes every method, as TasksOf does', () => {
      at.write(
        OUT,
        "import type { TasksOf } from '@taskgate/protocol';\nimport type { MathTasks } from './math.tasks';\nexport type ServerTasks = TasksOf<MathTasks>;\n",
      );
      at.write('src/client.test-d.ts', CLIENT);
      const errors = typeErrorsOf(at.path('src/client.test-d.ts'), at.path('tsconfig.json'));
      const unused = errors
        .filter((error) => error.endsWith("Unused '@ts-expect-error' directive."))
        .map((error) => /:(\d+):\d+ /.exec(error)?.[1]);
      expect(unused).toEqual(['21', '23']); // 'helper' and 'someMethod' are tasks to it
    });
  });
});
