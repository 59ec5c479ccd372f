import {
  Injectable,
  type CallHandler,
  type DynamicModule,
  type ExecutionContext,
  type NestInterceptor,
  type Provider,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TASKGATE_CONTEXT_TYPE } from '@taskgate/nest';
import { TaskgateRedisModule } from '@taskgate/redis';
import { hostname } from 'node:os';
import { map, type Observable } from 'rxjs';

/** This process's node id: `TASKGATE_NODE_ID`, or host name and pid. */
export const NODE_ID = process.env['TASKGATE_NODE_ID'] ?? `${hostname()}-${process.pid}`;

/** In cluster mode, each task's result says which node ran it: `{ node, value }` (the demo GUI shows it). */
@Injectable()
class NodeStampInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== TASKGATE_CONTEXT_TYPE) return next.handle();
    return next.handle().pipe(map((value: unknown) => ({ node: NODE_ID, value })));
  }
}

/**
 * Several nodes over Redis when `TASKGATE_REDIS_URL` is set (`npm run demo:cluster`): the Redis
 * module beside Taskgate's, and the node id in every result. Without it, one process, no Redis.
 */
export function clusterModules(env = process.env): { imports: DynamicModule[]; providers: Provider[] } {
  const url = env['TASKGATE_REDIS_URL'];
  if (!url) return { imports: [], providers: [] };
  return {
    imports: [TaskgateRedisModule.forRoot({ url, nodeId: NODE_ID.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64) })],
    providers: [{ provide: APP_INTERCEPTOR, useClass: NodeStampInterceptor }],
  };
}
