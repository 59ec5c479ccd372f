import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, repoRoot, run, scratchDir } from './scratch';

/** The published packages, in the order they depend on each other. */
export const PACKAGES = [
  { project: 'protocol', name: '@taskgate/protocol' },
  { project: 'nest', name: '@taskgate/nest' },
  { project: 'client', name: '@taskgate/client' },
  { project: 'react', name: '@taskgate/react' },
  { project: 'vue', name: '@taskgate/vue' },
] as const;

export type PackageName = (typeof PACKAGES)[number]['name'];

export interface PackedPackage {
  name: PackageName;
  version: string;
  /** Absolute path of the tarball. */
  tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
}

interface NpmPackReport {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}

/**
 * Packs every package with `npm pack`, as a release does: its `prepack` builds it first.
 * Writes the tarballs and an index of them into the scratch directory.
 */
export async function packAll(): Promise<PackedPackage[]> {
  const dest = scratchDir('packs');
  const packed: PackedPackage[] = [];
  for (const { project, name } of PACKAGES) {
    const dir = join(repoRoot, 'libs', project);
    // An unbuilt package must still pack complete: its prepack builds it.
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: dir, timeoutMs: 180_000, env: packEnv() });
    // The prepack's build log comes first on stdout; npm's JSON report is the last thing.
    const [report] = JSON.parse(stdout.slice(stdout.search(/^\[$/m))) as NpmPackReport[];
    if (!report || report.name !== name) throw new Error(`npm pack in ${dir} reported ${stdout}`);
    packed.push({ name, version: report.version, tarball: join(dest, report.filename), files: report.files.map((f) => f.path) });
  }
  return packed;
}

/** The tarballs packed by the global setup. */
export function packed(): PackedPackage[] {
  const index = join(scratchDir('packs'), 'index.json');
  if (!existsSync(index)) throw new Error(`no ${index}: the global setup did not pack the packages`);
  return readJson<PackedPackage[]>(index);
}

export function tarballOf(name: PackageName): string {
  const found = packed().find((p) => p.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found.tarball;
}

/** `file:` dependencies on the tarballs, as an app's package.json lists them. */
export function tarballDependencies(...names: PackageName[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, `file:${tarballOf(name)}`]));
}

export function extractedDir(name: PackageName): string {
  const dir = scratchDir('extracted', name.replace('/', '+'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** npm and Nx of a nested `npm pack` see the repository, not the test's own npm run. */
function packEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NX_TASK|NX_CLI_SET|JEST_)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}
