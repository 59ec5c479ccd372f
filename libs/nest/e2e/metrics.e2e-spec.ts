import { Logger, type LoggerService } from '@nestjs/common';
import type { TaskClient } from '@taskgate/client';
import { ErrorCodes, TaskEvents, type ResumeAck } from '@taskgate/protocol';
import { scrapePrometheus, startTaskgateApp, type PrometheusText, type TaskgateApp } from '@taskgate/testing';
import { io } from 'socket.io-client';
import { ObservedTasks } from './support/observed-tasks';
import { ThreadFixtureModule } from './support/thread-fixture.module';

/** Records what Taskgate logs through Nest's Logger, as an application's logger would get it. */
class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string }> = [];
  log(message: string) {
    this.lines.push({ level: 'log', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
  warn(message: string) {
    this.lines.push({ level: 'warn', message });
  }
}

describe('Prometheus metrics and the run log', () => {
  let server: TaskgateApp;
  let client: TaskClient;
  let scrape: PrometheusText;
  const logger = new RecordingLogger();
  const N = 20;
  const M = 3;

  beforeAll(async () => {
    server = await startTaskgateApp(
      [ObservedTasks],
      { metrics: { path: '/metrics' }, concurrency: 2, threads: { minThreads: 1, maxThreads: 1, hardStopGraceMs: 100 } },
      [ThreadFixtureModule],
    );
    server.app.useLogger(logger);
    client = await server.client({ retry: { attempts: 0 } });

    // What a real client did: N calls that succeed, M that fail, three slow ones behind a
    // concurrency of two (one waits), one thread task whose worker crashes, one that ignores its
    // timeout (stopped hard) after one thread run that succeeds, two calls to no task.
    await Promise.all(Array.from({ length: N }, (_, n) => client.run('ok', { n })));
    await Promise.all(Array.from({ length: M }, () => client.run('fail', { secret: 'hunter2' })));
    await Promise.all([client.run('slow', { ms: 100 }), client.run('slow', { ms: 100 }), client.run('slow', { ms: 100 })]);
    expect((await client.run('exit', {})).status).toBe('failed');
    // The replacement worker has booted once a run succeeds on it.
    expect((await client.run('square', { x: 3 })).status).toBe('succeeded');
    expect((await client.run('spin', {})).status).toBe('timed_out');
    await Promise.all([client.run('nope', {}), client.run('nope', {})]);

    // A client that resumes an id the server never had, and one whose handshake is refused.
    const resumer = io(`${server.url}/tasks`, { auth: { clientId: 'resumer' }, transports: ['websocket'] });
    const answer = await resumer.emitWithAck(TaskEvents.Resume, { ids: ['never-ran'] });
    expect(answer).toEqual<ResumeAck>({ ok: true, results: [], running: [], unknown: ['never-ran'] });
    resumer.close();
    const refused = io(`${server.url}/tasks`, { auth: { clientId: 'not a valid id' }, transports: ['websocket'], reconnection: false });
    await new Promise((resolve) => refused.once('connect_error', resolve));
    refused.close();

    scrape = await scrapePrometheus(`${server.url}/metrics`);
  });

  afterAll(() => server.close());

  it('counts runs by task, mode and outcome: N succeeded, M failed, one crashed, one timed out', () => {
    expect(scrape.value('taskgate_runs_submitted_total', { task: 'ok', mode: 'inline' })).toBe(N);
    expect(scrape.value('taskgate_runs_finished_total', { task: 'ok', mode: 'inline', outcome: 'succeeded', code: '' })).toBe(N);
    expect(scrape.value('taskgate_runs_finished_total', { task: 'fail', outcome: 'failed', code: ErrorCodes.TASK_FAILED })).toBe(M);
    expect(
      scrape.value('taskgate_runs_finished_total', { task: 'exit', mode: 'thread', outcome: 'crashed', code: ErrorCodes.WORKER_CRASHED }),
    ).toBe(1);
    expect(scrape.value('taskgate_runs_finished_total', { task: 'spin', outcome: 'timed_out', code: ErrorCodes.TIMEOUT })).toBe(1);
    expect(scrape.value('taskgate_runs_finished_total', { task: 'square', mode: 'thread', outcome: 'succeeded' })).toBe(1);
    expect(scrape.value('taskgate_runs_finished_total')).toBe(N + M + 3 + 3);
    expect(scrape.value('taskgate_worker_crashes_total', { task: 'exit' })).toBe(1);
    expect(scrape.value('taskgate_worker_hard_stops_total', { task: 'spin' })).toBe(1);
  });

  it('counts refusals by code, with the task only when it is a declared one, and where they happened', () => {
    expect(scrape.value('taskgate_runs_refused_total', { task: '', code: ErrorCodes.UNKNOWN_TASK })).toBe(2);
    expect(scrape.value('taskgate_refusals_total', { at: TaskEvents.Run, code: ErrorCodes.UNKNOWN_TASK })).toBe(2);
    expect(scrape.value('taskgate_refusals_total', { at: 'connection', code: ErrorCodes.BAD_REQUEST })).toBe(1);
    expect(scrape.matching('taskgate_runs_refused_total').map((sample) => sample.labels['task'])).not.toContain('nope');
  });

  it('counts resumes and how the runs asked for ended', () => {
    expect(scrape.value('taskgate_resumes_total')).toBe(1);
    expect(scrape.value('taskgate_resumed_runs_total', { outcome: 'lost' })).toBe(1);
  });

  it('times runs and queue waits in seconds, as histograms by task', () => {
    expect(scrape.families.get('taskgate_run_duration_seconds')?.type).toBe('histogram');
    expect(scrape.value('taskgate_run_duration_seconds_count', { task: 'ok', mode: 'inline' })).toBe(N);
    expect(scrape.value('taskgate_run_duration_seconds_count', { task: 'slow' })).toBe(3);
    expect(scrape.value('taskgate_run_duration_seconds_sum', { task: 'slow' })).toBeGreaterThanOrEqual(0.29);
    expect(scrape.value('taskgate_run_duration_seconds_bucket', { task: 'slow', le: '+Inf' })).toBe(3);
    expect(scrape.value('taskgate_queue_wait_seconds_count', { task: 'slow' })).toBe(3);
    // Two ran at once, the third waited for one of them.
    expect(scrape.value('taskgate_queue_wait_seconds_sum', { task: 'slow' })).toBeGreaterThanOrEqual(0.09);
    expect(scrape.value('taskgate_queue_wait_seconds_bucket', { task: 'slow', le: '0.05' })).toBe(2);
  });

  it('reads gauges at scrape time: slots, busy ratio, threads, clients, sessions, retained results', () => {
    expect(scrape.value('taskgate_slots', { mode: 'inline' })).toBe(2);
    expect(scrape.value('taskgate_slots', { mode: 'thread' })).toBe(1);
    expect(scrape.value('taskgate_slots_busy_ratio', { mode: 'inline' })).toBe(0);
    expect(scrape.value('taskgate_runs_running', { task: 'ok' })).toBe(0);
    expect(scrape.value('taskgate_runs_queued', { task: 'slow' })).toBe(0);
    expect(scrape.value('taskgate_pool_threads')).toBe(1);
    expect(scrape.value('taskgate_connected_clients')).toBe(1);
    expect(scrape.value('taskgate_sessions')).toBeGreaterThanOrEqual(1);
    // Every result of the client, kept for it to resume.
    expect(scrape.value('taskgate_retained_results')).toBe(N + M + 3 + 3);
  });

  it('follows the Prometheus conventions: one prefix, _total on counters, seconds, no per-run, client or principal labels', () => {
    const names = [...scrape.families.keys()];
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) {
      expect(name).toMatch(/^taskgate_/);
      const { type, help } = scrape.families.get(name)!;
      expect(help.length).toBeGreaterThan(0);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
    for (const sample of scrape.samples)
      for (const label of Object.keys(sample.labels)) expect(['task', 'mode', 'outcome', 'code', 'at', 'le']).toContain(label);
  });

  it('logs one line per refused run, failed run, crash and hard stop, with the task, the id and the code, never the args', () => {
    const lines = logger.lines.filter((line) => /^Run /.test(line.message));
    const failed = lines.filter((line) => / of task fail failed: TASK_FAILED/.test(line.message));
    expect(failed).toHaveLength(M);
    expect(failed[0]!.level).toBe('warn');
    expect(failed[0]!.message).toMatch(/^Run [A-Za-z0-9_-]+ of task fail failed: TASK_FAILED \(it went wrong\)$/);
    expect(lines.filter((line) => /of task "nope" refused: UNKNOWN_TASK/.test(line.message))).toHaveLength(2);
    const crash = lines.filter((line) => /of thread task exit: its worker crashed .*: WORKER_CRASHED$/.test(line.message));
    expect(crash).toEqual([{ level: 'error', message: expect.stringMatching(/^Run [A-Za-z0-9_-]+ of thread task exit/) }]);
    expect(
      lines.filter((line) => /of thread task spin ignored its abort for 100 ms: its worker was stopped hard/.test(line.message)),
    ).toHaveLength(1);
    expect(lines.filter((line) => /of task spin timed out: TIMEOUT/.test(line.message))).toHaveLength(1);
    expect(logger.lines.map((line) => line.message).join('\n')).not.toContain('hunter2');
  });

  it('takes its metrics off the registry when the application closes, so that a new one can register them', async () => {
    const { TaskgateMetrics } = await import('../src/index');
    const metrics = server.app.get(TaskgateMetrics);
    await server.close();
    expect(metrics.registry.getSingleMetric('taskgate_runs_finished_total')).toBeUndefined();
    Logger.overrideLogger(false);
  });
});
