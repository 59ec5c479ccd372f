import type { TaskDefinition } from '../interfaces/task-definition.interface.js';

/** The task's `roles`, if any, against the principal's `roles`. */
export function mayRun(task: TaskDefinition, principal: unknown): boolean {
  if (!task.roles) return true;
  const roles = (principal as { roles?: unknown } | null | undefined)?.roles;
  return Array.isArray(roles) && task.roles.some((role) => roles.includes(role));
}
