import { Module } from '@nestjs/common';
import { CpuTasks } from './cpu.tasks.js';

/**
 * The thread tasks of the demo, in a module of their own: every worker thread
 * boots this module (and only this one, not the gateway's app module).
 */
@Module({ providers: [CpuTasks] })
export class CpuModule {}
