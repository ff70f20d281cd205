#!/usr/bin/env node
// Runs the test suites with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|integration|e2e ...]   (no argument: all suites, in that order)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2);
const order = suites.length > 0 ? suites : ['unit', 'integration', 'e2e'];

function findTests(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(findTests(path));
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const files = order.flatMap((suite) => findTests(join('tests', suite)));
if (files.length === 0) {
  console.error(`no test files found for: ${order.join(', ')}`);
  process.exit(1);
}
// One file at a time: e2e files start servers and browsers, and this machine has two cores.
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
