import type { Session } from 'node:inspector';

/*
 * Where a class is defined, asked of V8 through `node:inspector`.
 *
 * NOTE: why the inspector. A worker boots the module that declares a thread task from its file.
 * For CommonJS, `require.cache` tells which file exports a class (see thread-module.locator.ts).
 * ES modules have no such registry: Node offers no way to list loaded ES modules or to ask which
 * one defines a class, and `import.meta.url` is known only inside the file. V8 knows where every
 * function is defined; the inspector protocol is how JavaScript may ask it. This runs once, at
 * start-up, only for module classes that `require.cache` does not know, in a session of this
 * thread that is closed at once (no port is opened, no debugger attaches).
 */

/** Why the inspector cannot be asked here. */
export class InspectorUnavailableError extends Error {
  override readonly name = 'InspectorUnavailableError';
}

/** What `Runtime.getProperties` says of a function. */
interface FunctionLocation {
  scriptId: string;
}

/** The key under which a class is briefly put on the global object, for `Runtime.evaluate` to find it. */
const PROBE = 'taskgate.class-script-probe';

/**
 * The script each class is defined in: a `file:` URL for an ES module loaded by Node, an absolute
 * path for a CommonJS file (or code a test runner evaluated from that file), undefined for a class
 * made by `eval` or unknown. Throws {@link InspectorUnavailableError} when `node:inspector` cannot
 * be used (a Node built without it, or denied by the permission model).
 */
export function classScripts(classes: readonly Function[]): Map<Function, string | undefined> {
  const session = connect();
  try {
    const locations = new Map<Function, string | undefined>();
    for (const cls of classes) locations.set(cls, functionLocation(session, cls)?.scriptId);
    const wanted = new Set([...locations.values()].filter((id): id is string => id !== undefined));
    const urls = new Map<string, string>();
    // Enabling the debugger reports every script parsed so far; it is disabled again at once.
    session.on('Debugger.scriptParsed', ({ params }) => {
      if (wanted.has(params.scriptId)) urls.set(params.scriptId, params.url);
    });
    post(session, 'Debugger.enable');
    post(session, 'Debugger.disable');
    const scripts = new Map<Function, string | undefined>();
    for (const [cls, scriptId] of locations) scripts.set(cls, (scriptId !== undefined && urls.get(scriptId)) || undefined);
    return scripts;
  } finally {
    session.disconnect();
  }
}

function connect(): Session {
  if (!process.features.inspector) throw new InspectorUnavailableError('this Node.js is built without the inspector');
  try {
    // Loaded only here: requiring node:inspector throws in a Node built without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Session } = require('node:inspector') as typeof import('node:inspector');
    const session = new Session();
    session.connect();
    return session;
  } catch (error) {
    throw new InspectorUnavailableError(error instanceof Error ? error.message : String(error));
  }
}

function functionLocation(session: Session, cls: Function): FunctionLocation | undefined {
  const global = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(PROBE);
  global[key] = cls;
  try {
    const { result } = post(session, 'Runtime.evaluate', {
      expression: `globalThis[Symbol.for(${JSON.stringify(PROBE)})]`,
      objectGroup: PROBE,
    });
    if (result.objectId === undefined) return undefined;
    const { internalProperties } = post<{ internalProperties?: Array<{ name: string; value?: { value?: unknown } }> }>(
      session,
      'Runtime.getProperties',
      {
        objectId: result.objectId,
        ownProperties: true,
      },
    );
    return internalProperties?.find((property) => property.name === '[[FunctionLocation]]')?.value?.value as FunctionLocation | undefined;
  } finally {
    delete global[key];
    post(session, 'Runtime.releaseObjectGroup', { objectGroup: PROBE });
  }
}

/** A call on a session of this thread: V8 answers before `post` returns. */
function post<T = any>(session: Session, method: string, params?: object): T {
  let answer: { error: Error | null; result: unknown } | undefined;
  session.post(method, params, (error, result) => void (answer = { error, result }));
  if (!answer) throw new InspectorUnavailableError(`no synchronous answer to ${method}`);
  if (answer.error) throw answer.error;
  return answer.result as T;
}
