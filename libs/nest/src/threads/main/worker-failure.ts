import { ErrorCodes } from '@taskgate/protocol';
import { TaskgateError } from '../../errors/taskgate.error.js';
import { argsNotCloneableMessage, shuttingDownMessage, workerCrashedMessage } from '../../errors/taskgate.messages.js';

/** What is known of a run piscina rejected. */
export interface RejectedRun {
  readonly task: string;
  /** Its worker was terminated because the task ignored its abort. */
  readonly stoppedHard: boolean;
  /** The pool is closing. */
  readonly closing: boolean;
  /** No worker had started it. */
  readonly unstarted: boolean;
}

/** Why piscina rejected a run, as the error its caller gets; `crashed` when a worker died under it. */
export function classifyRejection(run: RejectedRun, error: unknown): { error: unknown; crashed: boolean; detail: string } {
  // Errors of piscina and of Node's workers may come from another realm (e.g. under Jest): no instanceof.
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const detail = typeof message === 'string' ? message : String(error);
  // After a hard stop the executor reports the abort's cause (timed_out, cancelled).
  if (run.stoppedHard) return { error, crashed: false, detail };
  if (run.closing) return { error: new TaskgateError(ErrorCodes.SHUTTING_DOWN, shuttingDownMessage()), crashed: false, detail };
  if (run.unstarted && name === 'DataCloneError') {
    return { error: new TaskgateError(ErrorCodes.INVALID_ARGS, argsNotCloneableMessage(run.task, detail)), crashed: false, detail };
  }
  return { error: new TaskgateError(ErrorCodes.WORKER_CRASHED, workerCrashedMessage(crashDetail(error, detail))), crashed: true, detail };
}

/** True for a clone failure of the args, which no other worker would get past. */
export function isCloneFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'DataCloneError';
}

function crashDetail(error: unknown, detail: string): string {
  if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'it reached its heap limit';
  const exit = /worker exited with code: (\d+)/.exec(detail);
  if (exit) return `it exited with code ${exit[1]}`;
  return `an uncaught error: ${detail}`;
}
