import {
  Catch,
  Injectable,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { z } from 'zod';
import { TaskFunction, TaskgateError, type TaskAdmissionContext, type TaskContext } from '../../src/index';

/** A guard as a Nest developer writes one: reads the principal from the task's context. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const ctx = context.switchToRpc().getContext<TaskAdmissionContext<{ roles?: string[] }>>();
    return context.getType<string>() === 'taskgate' && ctx.principal?.roles?.includes('admin') === true && ctx.socket.connected;
  }
}

/** An interceptor as a Nest developer writes one: wraps the task's result, and sees its context. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = context.switchToRpc().getContext<TaskContext>();
    return next.handle().pipe(map((value) => ({ task: ctx.task, type: context.getType(), value })));
  }
}

/** An exception filter that turns any error into a typed refusal. */
@Catch()
export class ConflictFilter implements ExceptionFilter {
  catch(exception: Error): never {
    throw new TaskgateError('FORBIDDEN', `filtered: ${exception.message}`);
  }
}

export class Item {
  @IsString()
  name!: string;
}

export class OrderDto {
  @IsInt()
  @Min(1)
  @Max(10)
  quantity!: number;

  @ValidateNested()
  @Type(() => Item)
  item!: Item;
}

export const transferInput = z.object({
  from: z.string().min(1),
  amount: z.number().positive(),
});

@Injectable()
export class SecureTasks {
  @TaskFunction()
  whoami(_args: unknown, ctx: { principal: unknown; clientId: string }): unknown {
    return { principal: ctx.principal, clientId: ctx.clientId };
  }

  @UseGuards(AdminGuard)
  @TaskFunction()
  purge(): string {
    return 'purged';
  }

  @TaskFunction({ roles: ['ops'] })
  restart(): string {
    return 'restarted';
  }

  @UsePipes(new ValidationPipe({ transform: true }))
  @TaskFunction()
  order(order: OrderDto): string {
    return `${order.quantity} x ${order.item.name} (${order instanceof OrderDto ? 'dto' : 'plain'})`;
  }

  @TaskFunction({ input: transferInput })
  transfer(args: z.infer<typeof transferInput>): string {
    return `${args.amount} from ${args.from}`;
  }

  @TaskFunction({ output: z.number() })
  liar(): unknown {
    return 'not a number';
  }

  @UseInterceptors(EnvelopeInterceptor)
  @TaskFunction()
  wrapped(args: unknown): unknown {
    return args;
  }

  @UseFilters(ConflictFilter)
  @TaskFunction()
  conflict(): never {
    throw new Error('row locked');
  }

  @TaskFunction()
  echo(args: unknown): unknown {
    return args;
  }

  @TaskFunction()
  async hold({ ms }: { ms: number }): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return 'held';
  }
}
