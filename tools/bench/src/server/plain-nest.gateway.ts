import { Module } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { RAW_CALL, RAW_NAMESPACE, type BenchReply, type BenchRequest } from '../load/bench-wire.js';
import { benchFunctions } from '../tasks/cpu-functions.js';

/**
 * A plain Nest socket.io gateway, no Taskgate: `@SubscribeMessage()` answering
 * by acknowledgement. It tells what Nest itself costs over raw socket.io, and
 * so what is Taskgate's own.
 */
@WebSocketGateway({ namespace: RAW_NAMESPACE, serveClient: false })
export class PlainNestGateway {
  @SubscribeMessage(RAW_CALL)
  call(@MessageBody() request: BenchRequest): BenchReply {
    const fn = benchFunctions[request?.task];
    if (!fn) return { id: request?.id, error: 'unknown task' };
    return { id: request.id, result: fn(request.args) };
  }
}

@Module({ providers: [PlainNestGateway] })
export class PlainNestModule {}
