export { TaskgateModule } from './taskgate.module.js';
export type { TaskgateModuleOptions, TaskgateModuleAsyncOptions, TaskgateOptionsFactory } from './options/module.options.js';
export { TaskFunction } from './decorators/task-function.decorator.js';
export type { TaskFunctionOptions } from './interfaces/task-function-options.interface.js';
export type { TaskContext, TaskAdmissionContext } from './interfaces/task-context.interface.js';
export { TaskgateError } from './errors/taskgate.error.js';
export { TaskRegistry } from './discovery/task.registry.js';
export type { TaskDefinition } from './interfaces/task-definition.interface.js';
export { TaskExecutor } from './executor/task.executor.js';
export type { ExecutorStats, TaskCounters, ThreadPoolStats } from './executor/task.stats.js';
export type { TaskgateThreadOptions, ThreadResourceLimits } from './options/thread.options.js';
export type { TaskgateSecurityOptions, TaskgateHandshake } from './options/security.options.js';
export { TASKGATE_CONTEXT_TYPE } from './taskgate.constants.js';
export { TaskgateGateway } from './gateway/taskgate.gateway.js';
export { TaskgateMetrics } from './observability/metrics/taskgate.metrics.js';
export type {
  TaskgateObservabilityOptions,
  TaskgateMetricsOptions,
  TaskgateTracingOptions,
  PrometheusRegistry,
  OpenTelemetryTracerProvider,
} from './options/observability.options.js';
