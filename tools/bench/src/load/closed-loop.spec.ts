import { runClosedLoop, runSynchronousLoop, type Call } from './closed-loop';

/** A fake request answered on the next turn of the event loop; counts how many are outstanding at most. */
function fakeServer(fail = () => false) {
  const state = { outstanding: 0, most: 0, started: 0 };
  const call: Call = (done) => {
    state.started++;
    state.outstanding++;
    state.most = Math.max(state.most, state.outstanding);
    setImmediate(() => {
      state.outstanding--;
      done(fail());
    });
  };
  return { call, state };
}

describe('runClosedLoop', () => {
  it('keeps inFlight requests outstanding per caller and stops by itself after maxRequests', async () => {
    const server = fakeServer();
    const result = await runClosedLoop([server.call, server.call], { inFlight: 4, warmupMs: 0, durationMs: 10_000, maxRequests: 200 });
    expect(server.state.most).toBe(8);
    expect(result.completed).toBe(200);
    expect(result.unfinished).toBe(0);
    expect(server.state.outstanding).toBe(0);
    expect(result.histogram.count).toBe(200);
  });

  it('stops by itself after durationMs and reports throughput over the window', async () => {
    const server = fakeServer();
    const result = await runClosedLoop([server.call], { inFlight: 2, warmupMs: 20, durationMs: 60 });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(55);
    expect(result.elapsedMs).toBeLessThan(1_000);
    expect(result.throughput).toBeCloseTo((result.completed * 1000) / result.elapsedMs);
    expect(server.state.started).toBeGreaterThan(result.completed);
  });

  it('counts failed requests apart, without their latency', async () => {
    let n = 0;
    const server = fakeServer(() => ++n % 2 === 0);
    const result = await runClosedLoop([server.call], { inFlight: 1, warmupMs: 0, durationMs: 10_000, maxRequests: 10 });
    expect(result.completed + result.failed).toBe(10);
    expect(result.failed).toBe(5);
    expect(result.histogram.count).toBe(5);
  });

  it('waits for a slow contender to answer once per slot before measuring', async () => {
    const slow: Call = (done) => void setTimeout(() => done(false), 50);
    const started = Date.now();
    const result = await runClosedLoop([slow], { inFlight: 3, warmupMs: 1, durationMs: 120 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(160);
    expect(result.completed).toBeGreaterThanOrEqual(6);
  });
});

describe('runSynchronousLoop', () => {
  it('calls the function until maxRequests', () => {
    let calls = 0;
    const result = runSynchronousLoop(() => calls++, { warmupMs: 0, durationMs: 10_000, maxRequests: 50 });
    expect(result.completed).toBe(50);
    expect(calls).toBe(50);
  });
});
