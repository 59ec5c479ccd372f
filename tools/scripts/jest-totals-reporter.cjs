// Jest reporter that records one project's totals in reports/jest/<project>.json (or in the
// `dir` option, relative to the repository), so that tools/scripts/run-tests.mjs can print one
// line totalled over the run.
const fs = require('node:fs');
const path = require('node:path');

class TotalsReporter {
  constructor(globalConfig, options = {}) {
    this.name = options.name || 'jest';
    this.dir = path.resolve(__dirname, '..', '..', options.dir || 'reports/jest');
  }

  onRunComplete(_contexts, results) {
    fs.mkdirSync(this.dir, { recursive: true });
    const suitesFailedToRun = results.testResults.filter((r) => r.testExecError || (r.failureMessage && r.numFailingTests === 0)).length;
    const totals = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + suitesFailedToRun,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailedToRun,
    };
    fs.writeFileSync(path.join(this.dir, `${this.name}.json`), JSON.stringify(totals, null, 2));
  }
}

module.exports = TotalsReporter;
