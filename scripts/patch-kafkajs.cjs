#!/usr/bin/env node
/**
 * Run by `npm ci`/`npm install` (postinstall). kafkajs 2.2.4 is unmaintained upstream (ADR 0011): its request queue
 * schedules a throttle check with `setTimeout(fn, throttledUntil - now)`, which is negative once the throttle has
 * passed, and Node 24 prints a `TimeoutNegativeWarning` for it on every start. The fix, proposed upstream and never
 * released, clamps the delay at 0 — exactly what Node does after warning, so behaviour is unchanged. Idempotent;
 * silent when applied; says so (and exits 0) if the file is not the one it knows, so an upgrade is noticed.
 */
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const file = join(__dirname, '..', 'node_modules', 'kafkajs', 'src', 'network', 'requestQueue', 'index.js');
const unpatched = '      }, scheduleAt)\n';
const patched = '      }, Math.max(0, scheduleAt)) // patched by scripts/patch-kafkajs.cjs (Node 24 TimeoutNegativeWarning)\n';

if (!existsSync(file)) process.exit(0); // kafkajs not installed (e.g. a partial install): nothing to do
const source = readFileSync(file, 'utf8');
if (source.includes(patched)) process.exit(0);
if (!source.includes(unpatched)) {
  process.stderr.write(`patch-kafkajs: ${file} is not the kafkajs 2.2.4 file this patch knows; not patched (see ADR 0011)\n`);
  process.exit(0);
}
writeFileSync(file, source.replace(unpatched, patched));
