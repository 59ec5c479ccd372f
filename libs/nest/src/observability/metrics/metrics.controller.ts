import { Controller, Get, Header, Inject, type Type } from '@nestjs/common';
import { TaskgateMetrics } from './taskgate.metrics.js';

/** The content type of the Prometheus text format, version 0.0.4 (prom-client's default registry type). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A controller that serves Taskgate's registry at `path` (`metrics.path`), made per module
 * registration because the path is part of its decorator. Only added when that option is given.
 */
export function createMetricsController(path: string): Type<unknown> {
  @Controller()
  class TaskgateMetricsController {
    constructor(@Inject(TaskgateMetrics) private readonly metrics: TaskgateMetrics) {}

    @Get(path)
    @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
    scrape(): Promise<string> {
      return this.metrics.text();
    }
  }
  return TaskgateMetricsController;
}
