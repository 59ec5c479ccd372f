import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// prom-client, @opentelemetry/api and typescript are optional peers: an application that turns nothing on
// must load neither. Only their loaders require them, when asked; everything else imports types.
describe('The optional peers of @taskgate/nest', () => {
  it.each([
    ['prom-client', 'observability/metrics/prom-client.loader.ts'],
    ['@opentelemetry/api', 'observability/tracing/otel-api.loader.ts'],
    ['typescript', 'codegen/compiler.loader.ts'],
  ])('%s is loaded by %s only, on first use; other files import its types alone', (peer, loader) => {
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      const runtimeImport = new RegExp(`^import (?!type )[^;]*from '${peer.replace('/', '\\/')}'`, 'm');
      expect({ file: relative(SRC, file), runtimeImport: runtimeImport.test(text) }).toEqual({
        file: relative(SRC, file),
        runtimeImport: false,
      });
      const required = text.includes(`require('${peer}')`);
      expect({ file: relative(SRC, file), required }).toEqual({ file: relative(SRC, file), required: relative(SRC, file) === loader });
    }
  });
});

/** The files `entry` reaches by its relative imports and re-exports, types included. */
function reached(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const [, specifier] of text.matchAll(/\bfrom '(\.{1,2}\/[^']+)'/g)) {
    reached(resolve(dirname(entry), specifier!.replace(/\.js$/, '') + '.ts'), seen);
  }
  return seen;
}

describe('The entries of @taskgate/nest', () => {
  it('the module (src/index.ts) and src/internal.ts reach nothing of the task map generator, which loads typescript', () => {
    for (const entry of ['index.ts', 'internal.ts']) {
      const codegen = [...reached(join(SRC, entry))].map((file) => relative(SRC, file)).filter((file) => file.startsWith('codegen'));
      expect({ entry, codegen }).toEqual({ entry, codegen: [] });
    }
    expect([...reached(join(SRC, 'codegen.ts'))].map((file) => relative(SRC, file))).toContain('codegen/compiler.loader.ts');
  });
});
