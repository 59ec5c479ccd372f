/**
 * The runs claimed by this node and not finished yet, by session and id, with their claims:
 * what a deploy waits for, and what is claimed again in a Redis that restarted empty. Kept by
 * session, then id (no key made of both per run: this is on every run's path).
 */
export class InFlightRuns {
  private readonly bySession = new Map<string, Map<string, string>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(key: string, id: string, claim: string): void {
    let runs = this.bySession.get(key);
    if (!runs) this.bySession.set(key, (runs = new Map()));
    if (runs.has(id)) return;
    runs.set(id, claim);
    this.count++;
  }

  delete(key: string, id: string): void {
    const runs = this.bySession.get(key);
    if (!runs?.delete(id)) return;
    this.count--;
    if (runs.size === 0) this.bySession.delete(key);
  }

  *entries(): IterableIterator<{ key: string; id: string; claim: string }> {
    for (const [key, runs] of this.bySession) for (const [id, claim] of runs) yield { key, id, claim };
  }
}
