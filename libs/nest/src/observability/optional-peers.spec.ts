import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// prom-client and @opentelemetry/api are optional peers: an application that turns nothing on
// must load neither. Only their loaders require them, when asked; everything else imports types.
describe('The optional peers of @taskgate/nest', () => {
  it.each([
    ['prom-client', 'observability/metrics/prom-client.loader.ts'],
    ['@opentelemetry/api', 'observability/tracing/otel-api.loader.ts'],
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
