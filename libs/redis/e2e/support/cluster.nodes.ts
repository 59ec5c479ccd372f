import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..', '..', '..', '..');

/** One node of the fixture cluster (`cluster-node.main.ts`) in a child process. */
export interface ClusterNodeProcess {
  readonly nodeId: string;
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** A deploy: SIGTERM, resolved once the process has exited. */
  terminate(): Promise<void>;
  /** A crash: SIGKILL, resolved once the process has exited. */
  kill(): Promise<void>;
}

export interface NodeStart {
  redisUrl: string;
  nodeId: string;
  leaseMs?: number;
  /** 0 (default): a free port; a restarted node takes its old one. */
  port?: number;
  /** `maxRetainedResults` and `resultTtlMs` of the node's `TaskgateModule` (its defaults when left out). */
  retention?: { maxRetainedResults?: number; resultTtlMs?: number };
  /** Options of the node's `TaskgateRedisModule` beside its URL, id and lease. */
  redis?: { commandTimeoutMs?: number };
}

/** Starts a node, resolved once it listens. */
export async function startClusterNode({
  redisUrl,
  nodeId,
  leaseMs = 1_500,
  port = 0,
  retention = {},
  redis = {},
}: NodeStart): Promise<ClusterNodeProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(root, 'tools/scripts/register-ts.cjs'),
      join(__dirname, 'cluster-node.main.ts'),
      redisUrl,
      nodeId,
      String(leaseMs),
      String(port),
      JSON.stringify(retention),
      JSON.stringify(redis),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // The first JSON line says where it listens; a log line before it (a warning at start-up) is passed on, later ones are read and dropped.
  let listening = false;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (listening) return;
      if (!text.startsWith('{')) return void process.stderr.write(`[${nodeId}] ${text}\n`);
      listening = true;
      resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`cluster node ${nodeId} exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const exit = () => new Promise<void>((resolve) => (exited() ? resolve() : child.once('exit', () => resolve())));
  const signal = (name: NodeJS.Signals) => {
    if (!exited()) child.kill(name);
    return exit();
  };
  return {
    nodeId,
    url,
    port: Number(new URL(url).port),
    process: child,
    terminate: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
