// The floor: socket.io with no framework, answering by acknowledgement, by a
// response event, or with Taskgate's wire (ack, then a result event), calling
// the same functions as every other contender.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import {
  RAW_CALL,
  RAW_NAMESPACE,
  RAW_REQUEST,
  RAW_RESPONSE,
  RAW_RESULT,
  RAW_RUN,
  type BenchReply,
  type BenchRequest,
} from '../load/bench-wire.js';
import { serveParent } from '../process/child-side.js';
import { portOf, serverProbes } from '../server/server-probes.js';
import { benchFunctions } from '../tasks/cpu-functions.js';

function answer(request: BenchRequest): BenchReply {
  const fn = benchFunctions[request?.task];
  if (!fn) return { id: request?.id, error: 'unknown task' };
  try {
    return { id: request.id, result: fn(request.args) };
  } catch (error) {
    return { id: request.id, error: String(error) };
  }
}

serveParent(async () => {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false });
  io.of(RAW_NAMESPACE).on('connection', (socket) => {
    socket.on(RAW_CALL, (request: BenchRequest, ack?: (reply: BenchReply) => void) => ack?.(answer(request)));
    socket.on(RAW_REQUEST, (request: BenchRequest) => socket.emit(RAW_RESPONSE, answer(request)));
    socket.on(RAW_RUN, (request: BenchRequest, ack?: (reply: { ok: true; id: string }) => void) => {
      ack?.({ ok: true, id: request.id });
      const startedAt = Date.now();
      const { result, error } = answer(request);
      const finishedAt = Date.now();
      const times = { id: request.id, task: request.task, startedAt, finishedAt, durationMs: finishedAt - startedAt };
      socket.emit(
        RAW_RESULT,
        error === undefined
          ? { ...times, status: 'succeeded', result }
          : { ...times, status: 'failed', error: { code: 'TASK_FAILED', message: error } },
      );
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    info: { port: portOf(httpServer) },
    handlers: serverProbes(httpServer),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
});
