// Registers the fixture server's task map with @taskgate/react, as an app registers its own.
import type { FixtureTaskMap as FixtureTasks } from '@taskgate/testing';

declare module '../src/index' {
  interface Register {
    tasks: FixtureTasks;
  }
}

export type FixtureTaskMap = FixtureTasks;
