import { Logger } from '@nestjs/common';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { isThreadClosedMessage, type ThreadControlMessage } from '../thread.protocol.js';

/**
 * How long a worker may take to close its Nest context (its `onModuleDestroy` and shutdown
 * hooks, after its boot if it is still booting) before the pool terminates it anyway.
 */
export const WORKER_CLOSE_TIMEOUT_MS = 5_000;

const logger = new Logger('Taskgate');

/**
 * Asks every live worker, on its run channel, to close its Nest context, and resolves once each
 * has answered, has exited, or has taken longer than `timeoutMs`. The pool calls it before it
 * destroys the workers, so that the hooks of the thread modules run in each of them.
 */
export async function closeWorkerContexts(channels: Iterable<MessagePort>, timeoutMs = WORKER_CLOSE_TIMEOUT_MS): Promise<void> {
  const late = await Promise.all([...channels].map((channel) => closeWorkerContext(channel, timeoutMs)));
  const count = late.filter(Boolean).length;
  if (count > 0) logger.warn(`${count} worker thread(s) did not close their Nest context within ${timeoutMs} ms; they are terminated`);
}

/** Resolves true if the worker neither answered nor exited in time. */
function closeWorkerContext(channel: MessagePort, timeoutMs: number): Promise<boolean> {
  // The answer comes on a port of this close's own, apart from the run events.
  const { port1: answers, port2: reply } = new MessageChannel();
  return new Promise<boolean>((resolve) => {
    const done = (late: boolean) => {
      clearTimeout(timer);
      answers.close();
      resolve(late);
    };
    const timer = setTimeout(() => done(true), timeoutMs);
    answers.on('message', (message: unknown) => {
      if (isThreadClosedMessage(message)) done(false);
    });
    // The worker exited (stopped hard, crashed) before it answered: nothing left to close.
    answers.once('close', () => done(false));
    const close: ThreadControlMessage = { type: 'close', reply };
    try {
      channel.postMessage(close, [reply]);
    } catch {
      // Its channel is closed already: the worker is gone.
      done(false);
    }
  });
}
