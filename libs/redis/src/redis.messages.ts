export const unavailableMessage = () => 'The server cannot reach its shared store (Redis); try again later';
export const nodeLostMessage = (nodeId: string) => `The node running the task (${nodeId}) stopped before the task ended`;
export const bufferFullMessage = (max: number) =>
  `Redis unreachable: more than ${max} results wait to be written; the oldest is dropped (its client may see it as LOST)`;
export const leaseLostMessage = (nodeId: string) =>
  `Node ${nodeId} found its lease expired: other nodes may have ended its runs as NODE_LOST`;
export const duplicateIdMessage = (id: string, task: string) => `Id "${id}" is already used by this client for task "${task}"`;
export const shuttingDownMessage = () => 'The server is shutting down and accepts no new task';
