import { spawn, type ChildProcess } from 'node:child_process';
import { cleanEnv } from './scratch';

/** A user's app started with `node <entry>`, listening on 127.0.0.1 on a free port. */
export interface RunningApp {
  url: string;
  pid: number;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node <entry>` in `cwd` with PORT=0 and resolves once it prints `listening on <url>`.
 * Rejects with all it printed when it exits first or takes longer than `timeoutMs`.
 */
export function startApp(cwd: string, entry: string, timeoutMs = 30_000): Promise<RunningApp> {
  const child = spawn(process.execPath, [entry], { cwd, env: cleanEnv({ PORT: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      stopChild(child, exited).finally(() => fail(new Error(`${entry} did not print "listening on" within ${timeoutMs} ms:\n${printed}`)));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(printed);
      if (!listening) return;
      clearTimeout(timer);
      done({
        url: String(listening[1]).replace('[::1]', '127.0.0.1'),
        pid: child.pid ?? -1,
        output: () => printed,
        stop: () => stopChild(child, exited),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`${entry} exited (${signal ?? code}) before listening:\n${printed}`));
    });
  });
}

/** SIGTERM to this child by its pid; SIGKILL if it has not exited 10 s later. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}
