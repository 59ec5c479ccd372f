/**
 * What stops a task map from being generated: every problem found, each one line that starts with
 * the `file:line` of the declaration at fault. The command line prints them and exits 2.
 */
export class TaskMapError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'TaskMapError';
  }
}
