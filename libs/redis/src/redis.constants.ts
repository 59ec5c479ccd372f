/** Injection token of the options given to `TaskgateRedisModule.forRoot()` / `forRootAsync()`. */
export const TASKGATE_REDIS_OPTIONS = 'TASKGATE_REDIS_OPTIONS';

/** How long a claim of a run in flight lives in Redis at most (a run longer than this is forgotten by other nodes). */
export const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;

/** Events the nodes send each other through the adapter (`serverSideEmit`), never seen by clients. */
export const ClusterEvents = {
  /** `(sessionKey, id)`: cancel this run if it runs here. */
  Cancel: 'taskgate:cancel',
  /** `(sessionKey, nodeId)`: a socket of this session joined that node: send its progress there too. */
  Present: 'taskgate:present',
} as const;
