import { Inject, Injectable, Module } from '@nestjs/common';
import { TaskFunction } from '@taskgate/nest';
import { isMainThread } from 'node:worker_threads';

@Injectable()
export class GreetingService {
  greet(name: string): string {
    return `hello ${name}`;
  }
}

@Injectable()
export class GreetingTasks {
  // @Inject() names the token: tsx (esbuild) emits no decorator metadata.
  constructor(@Inject(GreetingService) private readonly greetings: GreetingService) {}

  @TaskFunction({ mode: 'thread' })
  greet({ name }: { name: string }): { greeting: string; isMainThread: boolean; execArgv: string[] } {
    // execArgv tells which loader the worker preloaded.
    return { greeting: this.greetings.greet(name), isMainThread, execArgv: process.execArgv };
  }
}

/** Each worker boots this module from this file. */
@Module({ providers: [GreetingService, GreetingTasks] })
export class GreetingModule {}
