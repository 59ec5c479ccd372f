/** `fib` → `threadFib`: the thread-mode twin of a bench task, as `ThreadBenchTasks` declares it. */
export function threadTaskName(task: string): string {
  return `thread${task[0]!.toUpperCase()}${task.slice(1)}`;
}
