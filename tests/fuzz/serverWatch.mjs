// Loaded into the server process by the fuzzers (`node --import tsx --import ./tests/fuzz/serverWatch.mjs
// server/main.ts`): counts what would otherwise go unnoticed or kill the server — a promise rejected with nobody
// to handle it, an exception nobody caught — and reports each on stderr as one line the fuzzer reads
// (`[fuzz-watch] <kind> <detail>`). The server is otherwise untouched: same entry point, same configuration.
// Plain JavaScript: the server's worker threads inherit the option, and tsx does not load .ts files in them. Only
// the main thread listens: a worker's failures reach the server as the Worker's 'error' event, as they must.
import { isMainThread } from 'node:worker_threads';

const report = (kind, error) => {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`[fuzz-watch] ${kind} ${JSON.stringify(detail.slice(0, 4000))}\n`);
};

if (isMainThread) {
  process.on('unhandledRejection', (reason) => report('unhandledRejection', reason));
  // With a listener Node no longer exits on an uncaught exception: the fuzzer counts it and carries on, so that one
  // run finds every such fault rather than the first.
  process.on('uncaughtException', (error) => report('uncaughtException', error));
}
