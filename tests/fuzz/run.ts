// The long fuzz and fault runs as commands (package.json: fuzz:signalling, fuzz:sync, fuzz:upload, fault:kill):
//   tsx tests/fuzz/run.ts <signalling|sync|upload|kill> [--seed N] [--messages N] [--connections N] [--kills N]
// Progress goes to stderr; stdout ends with one JSON line (the report); the exit status is 1 when the run broke a
// rule of report.ts's verdict. The seed is printed first, so that any run can be replayed.
import { fuzzSignalling } from './signalling.ts';
import { fuzzSync } from './sync.ts';
import { fuzzUpload } from './upload.ts';
import { killLoop } from './killLoop.ts';
import { newSeed } from './random.ts';
import { numericArgs, verdict, type FuzzReport } from './report.ts';
import { killAllServerProcesses } from './serverProcess.ts';

const [which, ...rest] = process.argv.slice(2);
const args = numericArgs(rest);
const seed = args.seed ?? newSeed();
const log = (line: string) => process.stderr.write(`${line}\n`);
log(`seed ${seed} (replay with --seed ${seed})`);

const runs: Record<string, () => Promise<FuzzReport>> = {
  signalling: () =>
    fuzzSignalling({ seed, messages: args.messages ?? 100_000, connections: args.connections ?? 48, log }),
  sync: () => fuzzSync({ seed, messages: args.messages ?? 20_000, connections: args.connections ?? 24, log }),
  upload: () => fuzzUpload({ seed, uploads: args.uploads ?? args.messages ?? 1000, parallel: args.parallel ?? 4, log }),
  kill: () => killLoop({ seed, kills: args.kills ?? 50, log }),
};

const run = which ? runs[which] : undefined;
if (!run) {
  log(`usage: tsx tests/fuzz/run.ts <${Object.keys(runs).join('|')}> [--seed N] [--messages N] ...`);
  process.exit(2);
}
// Whatever way this process ends (an uncaught exception included), no server it started outlives it.
process.on('exit', () => killAllServerProcesses());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllServerProcesses();
    process.exit(130);
  });
}
try {
  const report = await run();
  const problems = verdict(report);
  if (problems.length > 0) log(`FAILED:\n  ${problems.join('\n  ')}`);
  process.stdout.write(`${JSON.stringify({ ...report, problems })}\n`);
  process.exit(problems.length > 0 ? 1 : 0);
} catch (error) {
  killAllServerProcesses();
  log(`the run itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
