// A jest reporter for scripts/test.mjs: writes the run's totals to JEST_TOTALS_FILE, silently (jest's own
// --json --outputFile announces a file that the script then deletes).
const { writeFileSync } = require('node:fs');

class Totals {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_TOTALS_FILE;
    if (!file) return;
    writeFileSync(
      file,
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = Totals;
