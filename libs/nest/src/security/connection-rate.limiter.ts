/**
 * A fixed-window counter of one connection's requests: `take()` is false once `limit`
 * requests were taken within the current `windowMs`.
 */
export class ConnectionRateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(now = Date.now()): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    return ++this.count <= this.limit;
  }
}
