// The thread module of an ES module app, as tsc emits it for `"type": "module"` (decorators applied
// by hand, as tsc's __decorate does). Each worker boots it from this file.
import { Inject, Injectable, Module } from '@nestjs/common';
// eslint-disable-next-line @nx/enforce-module-boundaries -- imported as an app imports it: the package's build
import taskgate from '@taskgate/nest';
import { isMainThread } from 'node:worker_threads';

const { TaskFunction } = taskgate;

export class GreetingService {
  greet(name) {
    return `hello ${name}`;
  }
}
Reflect.decorate([Injectable()], GreetingService);

export class GreetingTasks {
  constructor(greetings) {
    this.greetings = greetings;
  }

  greet({ name }) {
    return { greeting: this.greetings.greet(name), isMainThread, moduleUrl: import.meta.url };
  }
}
Reflect.decorate(
  [TaskFunction({ mode: 'thread' })],
  GreetingTasks.prototype,
  'greet',
  Object.getOwnPropertyDescriptor(GreetingTasks.prototype, 'greet'),
);
Inject(GreetingService)(GreetingTasks, undefined, 0);
Reflect.decorate([Injectable()], GreetingTasks);

export class GreetingModule {}
Reflect.decorate([Module({ providers: [GreetingService, GreetingTasks] })], GreetingModule);
