import { Injectable } from '@nestjs/common';
import type { TaskInfo } from '@taskgate/protocol';
import { toTaskInfo, type TaskDefinition } from '../interfaces/task-definition.interface.js';
import { duplicateTaskMessage } from '../errors/taskgate.messages.js';

/**
 * Every task of the application, by name. Filled at module init by the explorer;
 * inject it to list or look up tasks.
 */
@Injectable()
export class TaskRegistry {
  private readonly tasks = new Map<string, TaskDefinition>();

  /** Adds a task; a second task of the same name is a start-up error naming both. */
  register(task: TaskDefinition): void {
    const existing = this.tasks.get(task.name);
    if (existing) throw new Error(duplicateTaskMessage(task.name, existing.declaredBy, task.declaredBy));
    this.tasks.set(task.name, task);
  }

  /** The task called `name`. Only declared tasks are found: never an inherited or prototype property. */
  get(name: string): TaskDefinition | undefined {
    return this.tasks.get(name);
  }

  /** Names of every task, in discovery order. */
  names(): string[] {
    return [...this.tasks.keys()];
  }

  /** Every task, as `task:list` describes it. */
  list(): TaskInfo[] {
    return [...this.tasks.values()].map(toTaskInfo);
  }
}
