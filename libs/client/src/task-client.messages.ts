// The client's human-readable messages, one factory each: tests and docs quote them.

export const clientClosedMessage = () => 'The client is closed';
export const closedWhilePendingMessage = () => 'The client was closed';
export const abortedMessage = () => 'The run was aborted by its caller';
export const noResultMessage = (timeoutMs: number) => `No result within ${timeoutMs} ms`;
export const notConnectedMessage = (timeoutMs: number) => `Not connected within ${timeoutMs} ms`;
export const duplicatePendingIdMessage = (id: string) => `Task id "${id}" is already pending on this client`;
export const lostMessage = () => 'The server no longer knows this run (it restarted or dropped the result)';

export const unreachableMessage = (url: string, connectTimeoutMs: number) =>
  `No connection to ${url} for ${connectTimeoutMs} ms (the client's connectTimeoutMs): the server is unreachable`;

export const reconnectionFailedMessage = (url: string) => `Could not connect to ${url} and socket.io gave up reconnecting`;

export const invalidNamespaceMessage = (namespace: string, url: string) =>
  `The server at ${url} has no Taskgate gateway at namespace "${namespace}" (socket.io answered "Invalid namespace"); check the client's "namespace" option`;

export const refusedMessage = (message: string) => `The server refused the connection: ${message}`;

/** A run whose `task:run` or `task:resume` was refused or unanswered at every attempt. */
export const retriesExhaustedMessage = (request: string, attempts: number, last: string) =>
  `The server refused or did not answer ${request} ${attempts} times (last: ${last}); the run's outcome is unknown`;

/** A run refused `RATE_LIMITED` at every attempt: it never ran. */
export const rateLimitedRetriesMessage = (attempts: number, message: string) =>
  `${message} (refused ${attempts} times; the run did not start)`;

export const unansweredMessage = (timeoutMs: number) => `no answer within ${timeoutMs} ms`;
