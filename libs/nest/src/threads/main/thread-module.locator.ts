import { MODULE_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { TaskDefinition } from '../../interfaces/task-definition.interface.js';
import { threadDynamicModuleMessage, threadModuleNotFoundMessage, threadProviderUndeclaredMessage } from '../../errors/taskgate.messages.js';
import type { ThreadTarget } from '../thread.protocol.js';

/** What the locator reads of Node's (or Jest's) `require.cache`. */
export type LoadedModules = Record<string, { exports?: unknown } | undefined>;

/**
 * Finds, for each thread task, the module that declares its provider (from
 * Nest's container) and a loaded file that exports that module class (from
 * `require.cache`, which knows every CommonJS file of a built app, and every
 * source file under Jest). Workers boot these modules from these files.
 * Throws at startup, naming the task, when a module cannot be found.
 */
export function locateThreadModules(
  tasks: ReadonlyArray<Pick<TaskDefinition, 'providerClass' | 'declaredBy'>>,
  modules: ModulesContainer,
  loaded: LoadedModules = require.cache,
): ThreadTarget[] {
  const targets = new Map<Function, ThreadTarget>();
  for (const task of tasks) {
    const moduleClass = declaringModule(task.providerClass, modules);
    if (!moduleClass) throw new Error(threadProviderUndeclaredMessage(task.declaredBy));
    if (!declaresStatically(moduleClass, task.providerClass)) throw new Error(threadDynamicModuleMessage(task.declaredBy, moduleClass.name));
    if (targets.has(moduleClass)) continue;
    const target = exportingFile(moduleClass, loaded);
    if (!target) throw new Error(threadModuleNotFoundMessage(task.declaredBy, moduleClass.name));
    targets.set(moduleClass, target);
  }
  return [...targets.values()];
}

function declaringModule(providerClass: Function, modules: ModulesContainer): Function | undefined {
  for (const module of modules.values()) {
    for (const wrapper of module.providers.values()) {
      if (provides(wrapper, providerClass)) return module.metatype;
    }
  }
  return undefined;
}

/** Whether the class's own `@Module({ providers })` lists the provider: what a worker can rebuild. */
function declaresStatically(moduleClass: Function, providerClass: Function): boolean {
  const providers = (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, moduleClass) ?? []) as unknown[];
  return providers.some((provider) => provider === providerClass || (provider as { useClass?: unknown } | null)?.useClass === providerClass);
}

function provides(wrapper: InstanceWrapper, providerClass: Function): boolean {
  return wrapper.token === providerClass || wrapper.metatype === providerClass || (wrapper.instance as object | undefined)?.constructor === providerClass;
}

/**
 * The file that exports `moduleClass`. A file that defines the export as a
 * plain value (tsc's output for a local class) wins over re-exports through
 * getters; among equals the last loaded wins, as a barrel loads before the
 * files it re-exports.
 */
function exportingFile(moduleClass: Function, loaded: LoadedModules): ThreadTarget | undefined {
  let best: { target: ThreadTarget; direct: boolean } | undefined;
  for (const file of Object.keys(loaded)) {
    const found = exportOf(loaded[file]?.exports, moduleClass);
    if (!found || (best?.direct && !found.direct)) continue;
    best = { target: { file, exportName: found.exportName, name: moduleClass.name }, direct: found.direct };
  }
  return best?.target;
}

function exportOf(exports: unknown, moduleClass: Function): { exportName: string | undefined; direct: boolean } | undefined {
  if (exports === moduleClass) return { exportName: undefined, direct: true };
  if ((typeof exports !== 'object' && typeof exports !== 'function') || exports === null) return undefined;
  for (const name of Object.keys(exports)) {
    const descriptor = Object.getOwnPropertyDescriptor(exports, name);
    if (!descriptor) continue;
    if ('value' in descriptor) {
      if (descriptor.value === moduleClass) return { exportName: name, direct: true };
      continue;
    }
    try {
      if ((exports as Record<string, unknown>)[name] === moduleClass) return { exportName: name, direct: false };
    } catch {
      // an export whose getter throws is not the module
    }
  }
  return undefined;
}
