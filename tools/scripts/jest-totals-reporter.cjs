// Jest reporter that records one project's totals in reports/jest/<project>.json (or in the
// `dir` option, relative to the repository), so that tools/scripts/run-tests.mjs can print one
// line totalled over the run. It also records the failures by name (file, test, first lines of the
// message), so that the end of a long CI log still says which test failed.
const fs = require('node:fs');
const path = require('node:path');

/** Lines of a failure message kept: enough for the assertion and the line it came from. */
const MESSAGE_LINES = 12;

class TotalsReporter {
  constructor(globalConfig, options = {}) {
    this.name = options.name || 'jest';
    this.dir = path.resolve(__dirname, '..', '..', options.dir || 'reports/jest');
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    fs.mkdirSync(this.dir, { recursive: true });
    const failures = [];
    let suitesFailedToRun = 0;
    for (const suite of results.testResults) {
      const file = path.relative(path.resolve(__dirname, '..', '..'), suite.testFilePath);
      const failedTests = suite.testResults.filter((test) => test.status === 'failed');
      for (const test of failedTests) {
        failures.push({ file, test: test.fullName, message: excerpt(test.failureMessages.join('\n')) });
      }
      if (suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0)) {
        suitesFailedToRun += 1;
        failures.push({ file, test: '(the suite did not run)', message: excerpt(suite.testExecError?.message ?? suite.failureMessage) });
      }
    }
    const totals = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + suitesFailedToRun,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailedToRun,
      failures,
    };
    fs.writeFileSync(path.join(this.dir, `${this.name}.json`), JSON.stringify(totals, null, 2));
  }
}

/** The first lines of a message, without the colour codes Jest puts in or the frames of node_modules. */
function excerpt(message = '') {
  const plain = String(message).replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((line) => !/^\s+at .*node_modules/.test(line));
  return lines.slice(0, MESSAGE_LINES).join('\n');
}

module.exports = TotalsReporter;
