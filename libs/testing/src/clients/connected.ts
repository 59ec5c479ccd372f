import type { TaskClient } from '@taskgate/client';

/**
 * Resolves once `client` is connected. Rejects if the server refuses it (an
 * `Error` carrying the refusal's `code`, e.g. `UNAUTHORIZED`), if it is closed,
 * or if it is not connected within `timeoutMs`.
 */
export function connected(client: TaskClient<any>, timeoutMs = 3_000): Promise<void> {
  if (client.state === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const end = (error?: Error) => {
      clearTimeout(timer);
      stop();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => end(new Error(`Not connected within ${timeoutMs} ms`)), timeoutMs);
    const stop = client.onStateChange((state, detail) => {
      if (state === 'connected') end();
      else if (state === 'disconnected' && detail?.error)
        end(Object.assign(new Error(`Not connected: ${detail.error.message}`), { code: detail.error.code }));
      else if (state === 'disconnected') end(new Error('Not connected: the client was closed'));
    });
  });
}
