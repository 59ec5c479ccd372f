import { Module } from '@nestjs/common';
import { ThreadBenchTasks } from './thread-bench.tasks.js';

/**
 * Declares the thread tasks in static `@Module()` metadata: each worker thread
 * boots this module (from this file) to find them, which a dynamic module's
 * providers would not allow.
 */
@Module({ providers: [ThreadBenchTasks] })
export class ThreadBenchTasksModule {}
