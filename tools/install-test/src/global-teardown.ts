import { rmSync } from 'node:fs';

/** Removes the scratch directory, unless KEEP_INSTALL_TEST=1 asks to keep it for a look. */
export default function globalTeardown(): void {
  const root = process.env['TASKGATE_INSTALL_TEST_DIR'];
  if (!root) return;
  if (process.env['KEEP_INSTALL_TEST'] === '1') process.stdout.write(`install-test: kept ${root}\n`);
  else rmSync(root, { recursive: true, force: true });
}
