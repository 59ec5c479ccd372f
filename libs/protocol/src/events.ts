/** Version of the wire contract described in `docs/protocol.md`. */
export const PROTOCOL_VERSION = 1;

/** socket.io namespace the Taskgate gateway listens on unless configured otherwise. */
export const DEFAULT_NAMESPACE = '/tasks';

/**
 * Names of every event of the protocol.
 *
 * Client to server events carry an acknowledgement callback; server to client
 * events do not.
 */
export const TaskEvents = {
  /** client → server: start a task. Ack: {@link RunAck}. */
  Run: 'task:run',
  /** server → client: progress of a running task. */
  Progress: 'task:progress',
  /** server → client: the terminal result of a task, sent once. */
  Result: 'task:result',
  /** client → server: cancel a task. Ack: {@link CancelAck}. */
  Cancel: 'task:cancel',
  /** client → server: list the callable tasks. Ack: {@link ListAck}. */
  List: 'task:list',
  /** client → server: after a reconnect, ask for the outcome of pending ids. Ack: {@link ResumeAck}. */
  Resume: 'task:resume',
} as const;

/** One of the {@link TaskEvents} names. */
export type TaskEventName = (typeof TaskEvents)[keyof typeof TaskEvents];
