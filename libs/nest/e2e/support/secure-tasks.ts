import { Injectable, UseGuards, UsePipes, ValidationPipe, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { z } from 'zod';
import { TaskFunction, type TaskAdmissionContext } from '../../src/index';

/** A guard as a Nest developer writes one: reads the principal from the task's context. */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const ctx = context.switchToRpc().getContext<TaskAdmissionContext<{ roles?: string[] }>>();
    return context.getType<string>() === 'taskgate' && ctx.principal?.roles?.includes('admin') === true && ctx.socket.connected;
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
