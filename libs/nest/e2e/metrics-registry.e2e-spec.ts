import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { scrapePrometheus, startTaskgateApp } from '@taskgate/testing';
import { ObservedTasks } from './support/observed-tasks';

describe('Metrics on a registry of the application', () => {
  it('join @willsoto/nestjs-prometheus on its registry (prom-client’s global one), served by its /metrics', async () => {
    const server = await startTaskgateApp([ObservedTasks], { metrics: { registry: register } }, [PrometheusModule.register()]);
    try {
      const client = await server.client();
      await Promise.all([client.run('ok', { n: 1 }), client.run('ok', { n: 2 })]);
      const scrape = await scrapePrometheus(`${server.url}/metrics`);
      expect(scrape.value('taskgate_runs_finished_total', { task: 'ok', outcome: 'succeeded' })).toBe(2);
      // nestjs-prometheus's own default metrics, on the same page.
      expect(scrape.families.has('process_cpu_user_seconds_total')).toBe(true);
    } finally {
      await server.close();
    }
    expect(register.getSingleMetric('taskgate_runs_finished_total')).toBeUndefined();
  });

  it('take a prefix of their own: two Taskgate apps share one registry', async () => {
    const a = await startTaskgateApp([ObservedTasks], { metrics: { registry: register, prefix: 'a_' } });
    const b = await startTaskgateApp([ObservedTasks], { metrics: { registry: register, prefix: 'b_', path: '/metrics' }, namespace: '/b' });
    try {
      await (await a.client()).run('ok', { n: 1 });
      const scrape = await scrapePrometheus(`${b.url}/metrics`);
      expect(scrape.value('a_runs_finished_total', { task: 'ok' })).toBe(1);
      expect(scrape.value('b_runs_finished_total', { task: 'ok' })).toBe(0);
      expect(scrape.families.has('b_runs_finished_total')).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('are not served without metrics.path, nor made without metrics', async () => {
    const server = await startTaskgateApp([ObservedTasks], {});
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
