#!/usr/bin/env node
// `npm run demo:cluster`: a local Redis, two nodes of apps/server over it and a balancer in front,
// on http://127.0.0.1:3000 (PORT). Type "r" + Enter to restart the next node (SIGTERM, then start
// again): the demo GUI keeps working, and each result says which node ran it.
// `--rolling` restarts a node every 20 s by itself.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer } from '@taskgate/redis-server';
import { startBalancer } from './balancer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PORT ?? 3000);
const rolling = process.argv.includes('--rolling');
const children = new Set();

function track(child, name) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stdout?.on('data', (data) => process.stdout.write(`[${name}] ${data}`));
  child.stderr?.on('data', (data) => process.stderr.write(`[${name}] ${data}`));
  return child;
}

const redis = await startRedisServer();
const redisUrl = redis.url;

const nodes = [
  { id: 'node-a', port: await freePort() },
  { id: 'node-b', port: await freePort() },
];

function startNode(node) {
  const env = { ...process.env, PORT: String(node.port), TASKGATE_REDIS_URL: redisUrl, TASKGATE_NODE_ID: node.id };
  node.process = track(spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], { env, cwd: root }), node.id);
  return new Promise((resolve) => {
    const onData = (data) => data.toString().includes('Taskgate demo on') && (node.process.stdout.off('data', onData), resolve());
    node.process.stdout.on('data', onData);
  });
}

async function restart(node) {
  console.log(`--- restarting ${node.id} (SIGTERM) ---`);
  const exited = new Promise((resolve) => node.process.once('exit', resolve));
  node.process.kill('SIGTERM');
  await exited;
  await startNode(node);
  console.log(`--- ${node.id} is back ---`);
}

await Promise.all(nodes.map(startNode));
await startBalancer(
  port,
  nodes.map((node) => node.port),
);
console.log(
  `\nTaskgate cluster demo on http://127.0.0.1:${port}  (Redis ${redisUrl}, nodes ${nodes.map((node) => `${node.id}:${node.port}`).join(', ')})`,
);
console.log('Type "r" + Enter to restart the next node; Ctrl-C to stop.\n');

let turn = 0;
const restartNext = () => restart(nodes[turn++ % nodes.length]);
createInterface({ input: process.stdin }).on('line', (line) => line.trim() === 'r' && void restartNext());
if (rolling) setInterval(() => void restartNext(), 20_000);

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => void redis.stop().finally(() => process.exit(0)), 500);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
