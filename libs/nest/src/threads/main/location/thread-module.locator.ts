import { MODULE_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import { isAbsolute } from 'node:path';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { TaskDefinition } from '../../../interfaces/task-definition.interface.js';
import {
  threadDynamicModuleMessage,
  threadModuleFileUnknownMessage,
  threadModuleNotFoundMessage,
  threadProviderUndeclaredMessage,
} from '../../../errors/taskgate.messages.js';
import type { ThreadTarget } from '../../thread.protocol.js';
import { classScripts, InspectorUnavailableError } from './class-script.inspector.js';

/** What the locator reads of Node's (or Jest's) `require.cache`. */
export type LoadedModules = Record<string, { exports?: unknown } | undefined>;

/** Where the locator finds files: `require.cache`, and where V8 says a class is defined. */
export interface ModuleFileSources {
  loaded?: LoadedModules;
  classScripts?: (classes: readonly Function[]) => Map<Function, string | undefined>;
}

type ThreadTask = Pick<TaskDefinition, 'providerClass' | 'declaredBy'>;

/**
 * Finds, for each thread task, the module that declares its provider (from Nest's container) and
 * the file that exports that module class. Workers boot these modules from these files.
 *
 * A CommonJS file is found in `require.cache`, which knows every file of a CommonJS build and
 * every source file under a CommonJS loader or Jest. An ES module (an app of `"type": "module"`,
 * TypeScript under an ESM loader, a test runner that evaluates files itself, such as Vitest) is
 * not there: it is found by asking V8, through `node:inspector`, which file defines the class
 * (see class-script.inspector.ts), and that file must export it. Throws at start-up, naming the
 * task, when a module cannot be found.
 */
export function locateThreadModules(
  tasks: readonly ThreadTask[],
  modules: ModulesContainer,
  sources: ModuleFileSources = {},
): ThreadTarget[] {
  const { loaded = require.cache, classScripts: scriptsOf = classScripts } = sources;
  const targets = new Map<Function, ThreadTarget>();
  const unknown = new Map<Function, ThreadTask>();
  for (const task of tasks) {
    const moduleClass = declaringModule(task.providerClass, modules);
    if (!moduleClass) throw new Error(threadProviderUndeclaredMessage(task.declaredBy));
    if (!declaresStatically(moduleClass, task.providerClass))
      throw new Error(threadDynamicModuleMessage(task.declaredBy, moduleClass.name));
    if (targets.has(moduleClass) || unknown.has(moduleClass)) continue;
    const target = exportingFile(moduleClass, loaded);
    if (target) targets.set(moduleClass, target);
    else unknown.set(moduleClass, task);
  }
  if (unknown.size > 0) {
    for (const [moduleClass, file] of definingFiles([...unknown.keys()], unknown, scriptsOf)) {
      targets.set(moduleClass, { file, exportName: undefined, name: moduleClass.name });
    }
  }
  return [...targets.values()];
}

/** The file that defines each module class, as a worker loads it: a `file:` URL, or an absolute path. */
function definingFiles(
  classes: Function[],
  tasks: ReadonlyMap<Function, ThreadTask>,
  scriptsOf: NonNullable<ModuleFileSources['classScripts']>,
): Map<Function, string> {
  let scripts: Map<Function, string | undefined>;
  try {
    scripts = scriptsOf(classes);
  } catch (error) {
    if (!(error instanceof InspectorUnavailableError)) throw error;
    const [moduleClass, task] = [...tasks][0]!;
    throw new Error(threadModuleNotFoundMessage(task.declaredBy, moduleClass.name, error.message));
  }
  const files = new Map<Function, string>();
  for (const moduleClass of classes) {
    const script = scripts.get(moduleClass);
    if (script === undefined || !(script.startsWith('file:') || isAbsolute(script))) {
      throw new Error(threadModuleFileUnknownMessage(tasks.get(moduleClass)!.declaredBy, moduleClass.name, script));
    }
    files.set(moduleClass, script);
  }
  return files;
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
  return providers.some(
    (provider) => provider === providerClass || (provider as { useClass?: unknown } | null)?.useClass === providerClass,
  );
}

function provides(wrapper: InstanceWrapper, providerClass: Function): boolean {
  return (
    wrapper.token === providerClass ||
    wrapper.metatype === providerClass ||
    (wrapper.instance as object | undefined)?.constructor === providerClass
  );
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
