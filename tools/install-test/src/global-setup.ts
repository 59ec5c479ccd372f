import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractedDir, packAll } from './packages';
import { npmCacheDir, run } from './scratch';

/** Makes the scratch directory outside the repository and packs the five packages into it, once for every spec. */
export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'taskgate-install-test-'));
  process.env['TASKGATE_INSTALL_TEST_DIR'] = root;
  mkdirSync(npmCacheDir, { recursive: true });
  const started = Date.now();
  const packs = await packAll();
  writeFileSync(join(root, 'packs', 'index.json'), JSON.stringify(packs, null, 2));
  for (const pack of packs) await run('tar', ['-xzf', pack.tarball, '-C', extractedDir(pack.name)], { cwd: root });
  process.stdout.write(`\ninstall-test: packed ${packs.length} packages into ${root} in ${Date.now() - started} ms\n`);
}
