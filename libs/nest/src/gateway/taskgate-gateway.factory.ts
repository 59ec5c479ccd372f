import type { Type } from '@nestjs/common';
import { WebSocketGateway } from '@nestjs/websockets';
import type { TaskgateGatewayOptions } from '../options/module.options.js';
import { TaskgateGateway } from './taskgate.gateway.js';
import { taskgateParser } from './taskgate.parser.js';

/**
 * The namespace Nest binds the gateway to: a pattern no namespace name matches, so no client
 * ever joins it. Nest gives every socket of a gateway's namespace rxjs observables and a
 * `disconnect` closure, used only by `@SubscribeMessage()` handlers, which Taskgate has none of:
 * the gateway serves its real namespace itself, from the server Nest set up with the gateway's
 * options (what that saves is measured in docs/benchmarks.md; `gateway.e2e-spec.ts` checks that
 * no socket gets Nest's listeners).
 */
const NEST_NAMESPACE = /(?!)/;

/** Creates the gateway class for one namespace, with the socket.io options it shapes. */
export function createTaskgateGateway(namespace: string, options: TaskgateGatewayOptions = {}): Type<TaskgateGateway> {
  @WebSocketGateway({
    namespace: NEST_NAMESPACE,
    serveClient: false,
    parser: taskgateParser,
    maxHttpBufferSize: options.maxPayloadBytes ?? 1_048_576,
    ...(options.connectionStateRecovery && {
      connectionStateRecovery: {
        maxDisconnectionDuration: options.connectionStateRecovery.maxDisconnectionDuration,
        skipMiddlewares: false,
      },
    }),
  })
  class NamespacedTaskgateGateway extends TaskgateGateway {
    protected override readonly namespaceName = namespace;
  }
  return NamespacedTaskgateGateway;
}
