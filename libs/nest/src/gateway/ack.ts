import { isValidId } from '@taskgate/protocol';

/** socket.io's acknowledgement callback of one request. */
export type Ack<T> = (response: T) => void;

/** Answers a request, if its client asked for an answer. */
export function reply<T>(ack: Ack<T> | undefined, response: T): void {
  if (typeof ack === 'function') ack(response);
}

/** The request's `id`, when it is a valid one, to echo in a refusal. */
export function idOf(payload: unknown): { id?: string } {
  const id = (payload as { id?: unknown } | null)?.id;
  return isValidId(id) ? { id } : {};
}
