import type { TasksOf } from '@taskgate/protocol';
import type { CpuTasks } from './cpu.tasks.js';
import type { DemoTasks } from './demo.tasks.js';

/**
 * The demo server's task map, for clients: `new TaskClient<ServerTasks>(...)`.
 * Import it with `import type`: nothing of the server reaches the client bundle.
 */
export type ServerTasks = TasksOf<DemoTasks, 'test' | 'echo' | 'add' | 'fail' | 'progress'> & TasksOf<CpuTasks, 'fib' | 'hash'>;
