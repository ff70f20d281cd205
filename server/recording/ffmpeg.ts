// Running Debian's ffmpeg and ffprobe for recordings: a long-running process that writes one part (stopped with
// SIGTERM, on which ffmpeg finishes the file it writes), a one-shot run that joins the parts, and ffprobe's JSON.
// What ffmpeg says on stderr is kept (the last lines) for the log when it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { AppFailure } from '../../common/errors.ts';
import { logger } from '../log.ts';

const log = logger('recording');
const STDERR_LINES = 30;
/**
 * ffmpeg checks for SIGTERM between packets: a part whose stream has stopped (a paused consumer, a closed
 * producer) never notices, and is killed after this; its file is on disk up to its last second (PartWriter.ts).
 */
const STOP_GRACE_MS = 1500;

/** The last lines a process wrote on stderr. */
class Tail {
  readonly #lines: string[] = [];
  push(chunk: Buffer): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      this.#lines.push(line);
      if (this.#lines.length > STDERR_LINES) this.#lines.shift();
    }
  }
  toString(): string {
    return this.#lines.join('\n');
  }
}

export interface RunningProcess {
  readonly pid: number | undefined;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (ffmpeg finishes its file), SIGKILL if it has not exited after a grace period. */
  stop(): Promise<number | null>;
  /** SIGKILL at once: for a process that has written nothing worth finishing (a spare part's listener). */
  kill(): void;
  stderr(): string;
}

export function startProcess(command: string, args: string[], label: string): RunningProcess {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const tail = new Tail();
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      log.error(`${label}: ${command} could not start`, error);
      resolve(-1);
    });
    child.once('exit', (code) => resolve(code));
  });
  let stopping: Promise<number | null> | null = null;
  return {
    pid: child.pid,
    exited,
    stderr: () => tail.toString(),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopping;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs to the end; rejects with what ffmpeg said when it exits with an error. */
export async function runToEnd(command: string, args: string[], label: string): Promise<void> {
  const running = startProcess(command, args, label);
  const code = await running.exited;
  if (code !== 0) throw new Error(`${label}: ${command} exited with ${code}:\n${running.stderr()}`);
}

export interface ProbedStream {
  codec_type: 'audio' | 'video' | string;
  codec_name?: string;
  start_time?: string;
  duration?: string;
  width?: number;
  height?: number;
}

export interface Probe {
  format: { start_time?: string; duration?: string; size?: string };
  streams: ProbedStream[];
  chapters?: { start_time: string; tags?: { title?: string } }[];
}

export async function probe(ffprobe: string, file: string): Promise<Probe> {
  const child = spawn(
    ffprobe,
    ['-v', 'error', '-show_format', '-show_streams', '-show_chapters', '-of', 'json', file],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out: Buffer[] = [];
  const err = new Tail();
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`ffprobe ${file} exited with ${code}: ${err.toString()}`);
  return JSON.parse(Buffer.concat(out).toString('utf8')) as Probe;
}

const available = new Map<string, Promise<boolean>>();

/** Whether the ffmpeg binary runs here (checked once per path). */
export function ffmpegAvailable(ffmpeg: string): Promise<boolean> {
  let check = available.get(ffmpeg);
  if (!check) {
    check = new Promise<boolean>((resolve) => {
      const child = spawn(ffmpeg, ['-hide_banner', '-version'], { stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('exit', (code) => resolve(code === 0));
    });
    available.set(ffmpeg, check);
  }
  return check;
}

export async function requireFfmpeg(ffmpeg: string): Promise<void> {
  if (!(await ffmpegAvailable(ffmpeg))) {
    throw new AppFailure('unavailable', `${ffmpeg} is not installed on the server`, 'recorder_missing');
  }
}
