// The failed tests that tools/scripts/jest-totals-reporter.cjs recorded, printed by name at the
// end of a run, where the tail of a long CI log still shows them.

/**
 * One block per failed test: `FAILED <run> <file> › <test>` and the first lines of its message,
 * indented. Empty when nothing failed.
 * @param {string} run the run's label, e.g. the project or "nest 11 client"
 * @param {Array<{file: string, test: string, message: string}>} failures
 */
export function formatFailures(run, failures) {
  return failures
    .map(({ file, test, message }) => [`FAILED ${run} ${file} › ${test}`, ...message.split('\n').map((line) => `    ${line}`)].join('\n'))
    .join('\n');
}
