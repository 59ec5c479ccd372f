// @taskgate/redis: Taskgate on several nodes over one Redis.
export { TaskgateRedisModule } from './taskgate-redis.module.js';
export type { TaskgateRedisOptions, TaskgateRedisAsyncOptions, TaskgateRedisOptionsFactory } from './options/redis.options.js';
