// Loaded by scripts/test.mjs into every test process (`--import`): gives each `test`/`it` that names
// no `timeout` of its own the default in FLOWBOOK_TEST_TIMEOUT_MS. Node 20's `--test-timeout` bounds a
// whole test file, not one test (measured: a 1 s bound cancels a file of two 0.6 s tests), and
// node:test has no other way to set a default; syncBuiltinESMExports makes `import { test }` see it.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const ms = Number(process.env.FLOWBOOK_TEST_TIMEOUT_MS);
if (ms > 0) {
  const nodeTest = createRequire(import.meta.url)('node:test');
  for (const name of ['test', 'it']) {
    const original = nodeTest[name];
    const withDefault = function (...args) {
      const at = args.findIndex((a) => typeof a === 'object' && a !== null);
      const body = args.findIndex((a) => typeof a === 'function');
      if (at < 0) args.splice(body < 0 ? args.length : body, 0, { timeout: ms });
      else if (args[at].timeout === undefined) args[at] = { ...args[at], timeout: ms };
      return original.apply(this, args);
    };
    // The runner's own helper methods (test.describe, test.mock, …) stay reachable on the wrapper.
    nodeTest[name] = Object.assign(withDefault, original);
  }
  syncBuiltinESMExports();
}
