import {
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { appendFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import { TaskFunction, TaskRegistry } from '../../src/index';
import { TASKGATE_RESOLVED_OPTIONS } from '../../src/taskgate.constants';
import type { ResolvedTaskgateOptions } from '../../src/options/module.options';

/** A line of the journal a {@link HookedThreadTasks} keeps: which hook ran, in which thread. */
export interface HookRecord {
  hook: string;
  threadId: number;
  isMainThread: boolean;
}

/**
 * Thread tasks on a provider with lifecycle hooks. Once told a journal file, it appends a line
 * there for each hook Nest runs on it afterwards: the worker that ran `keepJournal` reports
 * its own shutdown hooks.
 */
@Injectable()
export class HookedThreadTasks implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  private journal: string | undefined;
  private initialised = false;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    this.initialised = true;
  }

  @TaskFunction({ mode: 'thread' })
  keepJournal({ file }: { file: string }): { threadId: number; initialised: boolean } {
    this.journal = file;
    return { threadId, initialised: this.initialised };
  }

  /** What the worker's Nest context knows of Taskgate: its options, and the task as its explorer registered it. */
  @TaskFunction({ mode: 'thread' })
  workerView(): { defaultTimeoutMs: number | undefined; debug: boolean; maxQueue: number; registeredTimeoutMs: number | undefined } {
    const options = this.moduleRef.get<ResolvedTaskgateOptions>(TASKGATE_RESOLVED_OPTIONS, { strict: false });
    const registry = this.moduleRef.get(TaskRegistry, { strict: false });
    return {
      defaultTimeoutMs: options.defaultTimeoutMs,
      debug: options.debug,
      maxQueue: options.maxQueue,
      registeredTimeoutMs: registry.get('workerView')?.timeoutMs,
    };
  }

  onModuleDestroy(): void {
    this.record('onModuleDestroy');
  }

  beforeApplicationShutdown(): void {
    this.record('beforeApplicationShutdown');
  }

  onApplicationShutdown(): void {
    this.record('onApplicationShutdown');
  }

  private record(hook: string): void {
    if (this.journal) appendFileSync(this.journal, `${JSON.stringify({ hook, threadId, isMainThread } satisfies HookRecord)}\n`);
  }
}

/** Each worker boots this module from this file. */
@Module({ providers: [HookedThreadTasks] })
export class HookedThreadModule {}
