/** Parent → child: run handler `type` with `payload`, answer with the same `seq`. */
export interface IpcRequest {
  seq: number;
  type: string;
  payload?: unknown;
}

/** Child → parent: the answer to request `seq`, or `ready` once the child is up. */
export type IpcReply =
  | { seq: number; ok: true; result: unknown }
  | { seq: number; ok: false; error: string }
  | { ready: true; info: unknown }
  | { failed: string };

/** The handlers a child process offers, by request type. */
export type IpcHandlers = Record<string, (payload: any) => unknown>;
