import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ThreadChannelMessage, ThreadControlMessage, ThreadEventMessage } from '../thread.protocol.js';

/**
 * The main thread's ends of the workers' run channels, by thread id: one long-lived
 * `MessageChannel` per worker (opened by the worker as it loads) instead of one per run.
 * Aborts go out on it to every worker; progress and non-primitive results come in, each tagged
 * with its run's sequence number, and go to `onEvent`.
 */
export class RunChannels {
  private readonly byThread = new Map<number, MessagePort>();
  /** Replies that came before their worker's channel (see {@link whenOpen}), by thread id. */
  private readonly awaiting = new Map<number, Array<() => void>>();

  constructor(private readonly onEvent: (event: ThreadEventMessage) => void) {}

  /** Listens to a new worker's run channel until the worker is gone. */
  open({ thread, port }: ThreadChannelMessage['taskgateChannel']): void {
    this.byThread.set(thread, port);
    port.on('message', this.onEvent);
    port.once('close', () => this.byThread.delete(thread));
    // Workers keep the process alive as piscina decides; their channels must not.
    port.unref();
    const waiting = this.awaiting.get(thread);
    this.awaiting.delete(thread);
    for (const resume of waiting ?? []) resume();
  }

  /**
   * Reads what worker `thread` posted on its channel and the event loop has not delivered yet,
   * so that a run's progress and value come before its reply. False when the channel is not open:
   * a worker's channel reaches this thread before piscina's ready message, on the same port, but a
   * reply on piscina's own port could in principle be read first; then wait with {@link whenOpen}.
   */
  readPending(thread: number): boolean {
    const port = this.byThread.get(thread);
    if (!port) return false;
    for (let entry = receiveMessageOnPort(port); entry; entry = receiveMessageOnPort(port))
      this.onEvent(entry.message as ThreadEventMessage);
    return true;
  }

  /** Resolves once worker `thread`'s channel is open. */
  whenOpen(thread: number): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.awaiting.get(thread) ?? [];
      waiting.push(resolve);
      this.awaiting.set(thread, waiting);
    });
  }

  /** Every open channel, one per live worker. */
  ports(): IterableIterator<MessagePort> {
    return this.byThread.values();
  }

  /** Sends a control message to every worker: only the one running its run acts on it. */
  broadcast(message: ThreadControlMessage): void {
    for (const port of this.byThread.values()) port.postMessage(message);
  }
}
