import type { IpcHandlers, IpcReply, IpcRequest } from './ipc-messages.js';

function send(message: IpcReply): void {
  process.send?.(message);
}

/**
 * The child half of a bench process: starts with `setup`, tells the parent it is
 * ready (with what `setup` returned), then answers requests with `handlers`.
 * Exits when the parent asks (`exit`) or goes away, so no process outlives the bench.
 */
export function serveParent<T>(setup: () => Promise<{ info: T; handlers: IpcHandlers; close?: () => Promise<void> }>): void {
  if (!process.send) throw new Error('This is a bench child process: start it through the bench (npm run bench)');
  let close: (() => Promise<void>) | undefined;
  const exit = async (code: number) => {
    const timer = setTimeout(() => process.exit(code), 5_000);
    timer.unref();
    await close?.().catch(() => undefined);
    process.exit(code);
  };
  process.on('disconnect', () => void exit(0));
  setup().then(
    ({ info, handlers, close: closeHandler }) => {
      close = closeHandler;
      process.on('message', (request: IpcRequest) => {
        if (request.type === 'exit') return void exit(0);
        const handler = handlers[request.type];
        if (!handler) return send({ seq: request.seq, ok: false, error: `unknown request ${request.type}` });
        Promise.resolve()
          .then(() => handler(request.payload))
          .then(
            (result) => send({ seq: request.seq, ok: true, result }),
            (error: unknown) =>
              send({ seq: request.seq, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
          );
      });
      send({ ready: true, info });
    },
    (error: unknown) => {
      send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      void exit(1);
    },
  );
}
