import { Module } from '@nestjs/common';
import { ThreadGreetingService, ThreadTasks } from './thread-tasks';

/**
 * Declares the thread tasks of the pool specs. Each worker boots this module
 * from this file, so it lives in a file of its own and imports no Taskgate
 * module, socket or test tooling.
 */
@Module({ providers: [ThreadGreetingService, ThreadTasks] })
export class ThreadFixtureModule {}
