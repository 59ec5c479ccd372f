import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ExecutorStats } from '../../executor/task.stats.js';
import { TaskExecutor } from '../../executor/task.executor.js';
import { TaskgateGateway } from '../../gateway/taskgate.gateway.js';
import { SessionStore } from '../../sessions/session.store.js';
import { TaskgateMetrics, type MetricsSource } from './taskgate.metrics.js';

/** How long one executor snapshot serves the gauges of a scrape. */
const SNAPSHOT_MS = 250;

/**
 * Points the gauges of {@link TaskgateMetrics} at the executor, the gateway and the session
 * store once they exist, and takes Taskgate's metrics off the registry when the module closes
 * (a registry, like prom-client's global one, may outlive the application).
 */
@Injectable()
export class MetricsSourceBinder implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Optional() @Inject(TaskgateMetrics) private readonly metrics: TaskgateMetrics | null,
    private readonly executor: TaskExecutor,
    private readonly gateway: TaskgateGateway,
    private readonly store: SessionStore,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.metrics) return;
    let snapshot: { at: number; stats: ExecutorStats } | undefined;
    const source: MetricsSource = {
      // One snapshot for all the gauges of a scrape.
      stats: () => {
        const now = Date.now();
        if (!snapshot || now - snapshot.at > SNAPSHOT_MS) snapshot = { at: now, stats: this.executor.stats() };
        return snapshot.stats;
      },
      connectedClients: () => this.gateway.namespace?.sockets.size ?? 0,
      sessions: () => this.store.counts?.(),
    };
    this.metrics.watch(source);
  }

  onModuleDestroy(): void {
    this.metrics?.unregister();
  }
}
