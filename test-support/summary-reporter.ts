// Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI logs and people can
// read without knowing vitest's own summary format. A skipped test is a hole, so it is counted.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    const line = `${passed} passed, ${failed} failed`;
    console.log(`tests: ${skipped > 0 ? `${line}, ${skipped} skipped` : line}`);
  }
}
