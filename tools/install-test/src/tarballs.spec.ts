import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { extractedDir, packed, type PackedPackage } from './packages';
import { readJson } from './scratch';

interface Manifest {
  name: string;
  version: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: unknown;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bundleDependencies?: string[];
}

const SUPPORTED_NODE = '^20.19.0 || >=22.12.0';
const packs = packed();

/** Every file path a manifest points at: main, module, types, each bin and each leaf of `exports`. */
function pointedAt(manifest: Manifest): string[] {
  const leaves: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') leaves.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  return [manifest.main, manifest.module, manifest.types, ...leaves].filter((p): p is string => typeof p === 'string');
}

/** The packages a shipped file imports by name (its bare specifiers, reduced to package names). */
function importedPackages(source: string): Set<string> {
  const names = new Set<string>();
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;
  for (const [, , spec] of source.matchAll(specifier)) {
    if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    const name = parts.slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    if (!builtinModules.includes(name)) names.add(name);
  }
  return names;
}

describe.each(packs.map((p) => [p.name, p] as [string, PackedPackage]))('the %s tarball', (name, pack) => {
  const root = join(extractedDir(pack.name), 'package');
  const manifest = readJson<Manifest>(join(root, 'package.json'));
  const shipped = (suffix: string) => pack.files.filter((file) => file.endsWith(suffix));

  it('holds every file its package.json points at (main, module, types, exports)', () => {
    const missing = pointedAt(manifest).filter((file) => !existsSync(join(root, file)));
    expect(missing).toEqual([]);
    expect(shipped('.js').length).toBeGreaterThan(0);
  });

  it('ships each command (bin) as a Node script', () => {
    for (const bin of Object.values(manifest.bin ?? {})) expect(readFileSync(join(root, bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('declares every package its code and its types import, as a dependency or a peer', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), name]);
    const undeclared: string[] = [];
    for (const file of [...shipped('.js'), ...shipped('.d.ts')]) {
      if (file.startsWith('dist/browser/')) continue; // self-contained, checked in browser-bundle.spec.ts
      for (const imported of importedPackages(readFileSync(join(root, file), 'utf8'))) {
        if (!declared.has(imported)) undeclared.push(`${file} imports ${imported}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('depends on its sibling packages at the versions packed with it', () => {
    const siblings = Object.entries(manifest.dependencies ?? {}).filter(([dep]) => dep.startsWith('@taskgate/'));
    for (const [dep, range] of siblings) {
      expect({ dep, range }).toEqual({ dep, range: packs.find((p) => p.name === dep)?.version });
    }
    const local = Object.values({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((range) =>
      /^(file|link|workspace):/.test(range),
    );
    expect(local).toEqual([]);
  });

  it('has source maps whose sources ship inside them (sourcesContent) or beside them', () => {
    const unreadable: string[] = [];
    for (const file of shipped('.map')) {
      const map = readJson<{ sources: string[]; sourcesContent?: (string | null)[] }>(join(root, file));
      map.sources.forEach((source, i) => {
        const inline = typeof map.sourcesContent?.[i] === 'string';
        if (!inline && !existsSync(join(root, dirname(file), source))) unreadable.push(`${file}: ${source}`);
      });
    }
    expect(unreadable).toEqual([]);
  });

  it(`supports Node ${SUPPORTED_NODE}`, () => {
    expect(manifest.engines).toEqual({ node: SUPPORTED_NODE });
  });

  it('ships no tests, sources or build configuration', () => {
    const stray = pack.files.filter((file) => /\.(spec|test-d)\.|tsconfig|\.tsbuildinfo$|^src\//.test(file));
    expect(stray).toEqual([]);
  });
});
