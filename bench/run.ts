// `npm run bench`: every benchmark in turn, each a bounded run on loopback.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const benches = [
  'endpoint.ts',
  'availability.ts',
  'contention.ts',
  'startup.ts',
  'ingest.ts',
  'queue.ts',
  'confirmation.ts',
  'scale.ts',
  'console.ts',
  'insights.ts',
];
let failed = 0;
for (const bench of benches) {
  const file = path.join(import.meta.dirname, bench);
  console.log(`\n## ${bench}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
