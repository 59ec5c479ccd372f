import { MessageChannel, parentPort, receiveMessageOnPort, threadId, type MessagePort } from 'node:worker_threads';
import { deserializeError, type ThreadChannelMessage, type ThreadControlMessage, type ThreadEventMessage } from '../thread.protocol.js';

/** A run in this worker that an abort from the main thread can reach. */
export interface AbortableRun {
  abort(reason: unknown): void;
}

/**
 * The worker's end of its run channel: one `MessageChannel` for the worker's
 * whole life, instead of one per run. Opening it posts the other end to the
 * main thread on `parentPort`, before piscina reports the worker ready, so the
 * main thread knows the channel before any reply of this worker.
 */
export class WorkerRunChannel {
  private readonly port: MessagePort;
  private readonly runs = new Map<number, AbortableRun>();

  constructor(
    /** The run slots' flags, shared with the main thread. */
    readonly state: Int32Array,
    /** Closes the worker's Nest context when the main thread asks, then answers on `reply`. */
    private readonly onClose: (reply: MessagePort) => void,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    port1.on('message', (message: ThreadControlMessage) => this.control(message));
    // piscina keeps the worker alive; this port must not keep it from exiting.
    port1.unref();
    const hello: ThreadChannelMessage = { taskgateChannel: { thread: threadId, port: port2 } };
    parentPort!.postMessage(hello, [port2]);
  }

  /** This worker's thread id: the main thread finds the channel by it. */
  get thread(): number {
    return threadId;
  }

  /** Lets aborts for run `seq` reach `run` until {@link leave}. */
  enter(seq: number, run: AbortableRun): void {
    this.runs.set(seq, run);
  }

  leave(seq: number): void {
    this.runs.delete(seq);
  }

  /** Posts a progress event or a result; throws if the value cannot be cloned. */
  post(event: ThreadEventMessage): void {
    this.port.postMessage(event);
  }

  /** Applies the control messages already queued, without turning the event loop. */
  drain(): void {
    for (let entry = receiveMessageOnPort(this.port); entry; entry = receiveMessageOnPort(this.port)) {
      this.control(entry.message as ThreadControlMessage);
    }
  }

  /** Aborts go to every worker: the one running `seq` acts on it, the others drop it. */
  private control(message: ThreadControlMessage): void {
    if (message.type === 'abort') this.runs.get(message.seq)?.abort(deserializeError(message.reason));
    else if (message.type === 'close') this.onClose(message.reply);
  }
}
