import type { Socket as TcpSocket } from 'node:net';

/*
 * NOTE: the one place Taskgate reads engine.io and ws fields that are not public API. When an
 * Engine.IO connection flushes, its WebSocket transport hands each packet to `ws` as a frame of
 * its own, and `ws` writes each frame with a system call of its own: under load, most of a run's
 * cost on the server. Holding the TCP socket corked for the rest of the flush's turn writes the
 * whole flush in one system call (see docs/benchmarks.md). engine.io's transport keeps its `ws`
 * socket as `socket`, and `ws` its TCP socket as `_socket`, in engine.io 6 and ws 8;
 * `websocket-frames.reach.spec.ts` fails if that changes, and Taskgate then writes as engine.io does.
 */

interface EngineConnection {
  transport?: { name?: string; socket?: { _socket?: TcpSocket } };
}

function uncork(tcp: TcpSocket): void {
  tcp.uncork();
}

/** The TCP socket under a connection's WebSocket transport, or undefined (polling, or an engine.io that hides it). */
export function tcpSocketOf(connection: object): TcpSocket | undefined {
  const { transport } = connection as EngineConnection;
  if (transport?.name !== 'websocket') return undefined;
  const tcp = transport.socket?._socket;
  return typeof tcp?.cork === 'function' ? tcp : undefined;
}

/**
 * Called on a connection's `flush` (before engine.io hands the packets to its transport): the
 * frames of this flush leave together, once the turn's synchronous work is done.
 */
export function writeFlushTogether(connection: object): void {
  const tcp = tcpSocketOf(connection);
  if (!tcp || tcp.destroyed) return;
  tcp.cork();
  process.nextTick(uncork, tcp);
}
