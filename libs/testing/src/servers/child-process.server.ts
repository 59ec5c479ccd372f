import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..', '..', '..', '..');

/** The fixture server (`FixtureTasks`) running in a child process, that a test can kill like a crash. */
export interface ChildServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Kills the process at once (SIGKILL): nothing is flushed, like a crash. */
  crash(): Promise<void>;
  /** Closes the app gracefully (by closing the process's stdin) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `fixture-server.main.ts` in a child Node process (TypeScript through
 * `tools/scripts/register-ts.cjs`) on `port` (0: a free one), resolved once it listens.
 * Imports nothing but Node's own modules, so a Jest global setup can load it.
 */
export async function startChildServer(port = 0): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['-r', join(root, 'tools/scripts/register-ts.cjs'), join(__dirname, 'fixture-server.main.ts'), String(port)],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture server exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const exit = () => new Promise<void>((resolve) => (exited() ? resolve() : child.once('exit', () => resolve())));
  return {
    url,
    port: Number(new URL(url).port),
    process: child,
    crash: () => {
      if (!exited()) child.kill('SIGKILL');
      return exit();
    },
    stop: async () => {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit();
      clearTimeout(timer);
    },
  };
}
