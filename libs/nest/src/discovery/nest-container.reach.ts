import type { ApplicationConfig, ExternalContextCreator } from '@nestjs/core';
import type { NestContainer } from '@nestjs/core/injector/container.js';

/*
 * NOTE: the one place Taskgate reads a Nest field that is not public API. Nest gives no public
 * way to its `NestContainer` from a provider, and Taskgate needs two things of it:
 * - a second `ExternalContextCreator` (the public `fromContainer()`), because Nest caches a
 *   handler's parameter metadata per class and method in each creator, and a task's admission
 *   (guards and pipes, with parameters) and its call (interceptors and filters, without) must not
 *   share that cache;
 * - the `ApplicationConfig`, to see whether global guards, pipes, interceptors or filters apply,
 *   so that a task with none skips Nest's pipeline.
 * `ExternalContextCreator.fromContainer()` keeps the container on the instance it makes (the one
 * Nest injects), in Nest 11 and 12. `nest-container.reach.spec.ts` fails if that changes.
 */

/** What Taskgate takes from the application's Nest container. */
export interface NestContainerReach {
  /** A context creator of its own, for the admission pipeline. */
  readonly admissionCreator: ExternalContextCreator;
  /** The application's config: its global enhancers. Undefined in an application context without one. */
  readonly config: ApplicationConfig | undefined;
}

/** Reaches the container behind the `ExternalContextCreator` Nest injects; throws naming the cause when it is not there. */
export function reachNestContainer(
  contextCreator: ExternalContextCreator,
  creatorClass: typeof ExternalContextCreator,
): NestContainerReach {
  const { container } = contextCreator as unknown as { container?: NestContainer };
  if (!container) {
    throw new Error(
      'Taskgate could not reach the NestContainer of ExternalContextCreator: this version of @nestjs/core is not supported (11 and 12 are)',
    );
  }
  return { admissionCreator: creatorClass.fromContainer(container), config: container.applicationConfig };
}
