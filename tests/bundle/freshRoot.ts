// A fresh Debian 12 for the installation tests: a minimal bookworm root made once with debootstrap from the apt
// mirror this machine already uses (cached as a tarball under the project's cache), unpacked anew for each use, and
// run with systemd-nspawn — either one command with this machine's network (to reach the mirror), or booted with
// systemd as PID 1 in a network namespace that has only loopback, as an air-gapped server. Needs root, debootstrap
// and systemd-container.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../../scripts/sfu-worker.mjs';
import { detectDebianMirror } from '../../scripts/sfu-worker/openssl.mjs';

/** What a minimal server has: systemd and D-Bus on top of debootstrap's minbase (coreutils, tar, passwd…). */
const INCLUDE = ['systemd', 'systemd-sysv', 'dbus'];
const CLEAN_ENV = 'env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function check(run: ReturnType<typeof spawnSync>, what: string): void {
  if (run.status !== 0) throw new Error(`${what} failed (${run.status ?? run.signal}):\n${String(run.stderr)}`);
}

/** The cached bookworm root as a tarball; made with debootstrap the first time (about a minute). */
export function debianRootTarball(log: (line: string) => void): string {
  const dir = join(cacheRoot(), 'test-roots');
  const tarball = join(dir, `bookworm-${INCLUDE.join('-')}.tar`);
  if (existsSync(tarball) && process.env.PHONGHOP_TEST_FRESH_ROOT !== '1') return tarball;
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `build-${process.pid}`);
  const { uri } = detectDebianMirror();
  log(`debootstrap bookworm from ${uri}`);
  try {
    const boot = spawnSync(
      'debootstrap',
      ['--variant=minbase', `--include=${INCLUDE.join(',')}`, 'bookworm', target, uri],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    check(boot, 'debootstrap');
    check(spawnSync('tar', ['--create', '--file', `${tarball}.partial`, '-C', target, '.']), 'tar');
    renameSync(`${tarball}.partial`, tarball);
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
  return tarball;
}

/** A fresh copy of the cached root at `dir`. */
export function freshRoot(tarball: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  check(spawnSync('tar', ['--extract', '--file', tarball, '-C', dir], { encoding: 'utf8' }), 'unpacking the root');
  return dir;
}

/** Runs `script` (sh) in `root` with this machine's network, with read-only binds `host:container`. */
export function runInRoot(root: string, script: string, binds: string[] = [], env: Record<string, string> = {}): Run {
  const sets = Object.entries(env).map(([k, v]) => `--setenv=${k}=${v}`);
  const run = spawnSync(
    'systemd-nspawn',
    [
      '--quiet',
      '--pipe',
      '--register=no',
      '--keep-unit',
      `--machine=ph${process.pid}`,
      '-D',
      root,
      ...binds.map((b) => `--bind-ro=${b}`),
      ...sets,
      '/bin/sh',
      '-c',
      script,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 },
  );
  return { status: run.status, stdout: run.stdout, stderr: withoutNspawnNoise(run.stderr) };
}

/** systemd-nspawn's own complaint on leaving, on machines whose /run is not a tmpfs: not the command's output. */
function withoutNspawnNoise(stderr: string): string {
  return stderr.replace(/^Attempted to remove disk file system under "\/run\/systemd\/nspawn\/propagate\/.*\n/gm, '');
}

/** A booted root: systemd as PID 1, only loopback. */
export class BootedRoot {
  readonly root: string;
  readonly #nspawn: ChildProcess;
  #leader = 0;
  #log = '';

  private constructor(root: string, nspawn: ChildProcess) {
    this.root = root;
    this.#nspawn = nspawn;
    nspawn.stdout!.on('data', (chunk: Buffer) => (this.#log += chunk.toString()));
    nspawn.stderr!.on('data', (chunk: Buffer) => (this.#log += chunk.toString()));
  }

  static async boot(root: string): Promise<BootedRoot> {
    const nspawn = spawn(
      'systemd-nspawn',
      [
        '--quiet',
        '--boot',
        '--private-network',
        '--register=no',
        '--keep-unit',
        `--machine=ph${process.pid}b`,
        '-D',
        root,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const booted = new BootedRoot(root, nspawn);
    try {
      await booted.#waitForSystemd();
    } catch (error) {
      nspawn.kill('SIGKILL');
      throw error;
    }
    return booted;
  }

  /** Finds the container's systemd (PID 1 inside: nspawn's descendant named systemd) and waits for the boot. */
  async #waitForSystemd(): Promise<void> {
    const until = Date.now() + 180_000;
    const pause = () => new Promise((r) => setTimeout(r, 250));
    const children = (pid: number) =>
      spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .filter(Boolean)
        .map(Number);
    const comm = (pid: number) => spawnSync('cat', [`/proc/${pid}/comm`], { encoding: 'utf8' }).stdout.trim();
    while (!this.#leader) {
      if (this.#nspawn.exitCode !== null) throw new Error(`systemd-nspawn exited:\n${this.#log}`);
      if (Date.now() > until) throw new Error(`the container did not start:\n${this.#log}`);
      const found = children(this.#nspawn.pid!)
        .flatMap((pid) => [pid, ...children(pid)])
        .find((pid) => comm(pid) === 'systemd');
      if (found) this.#leader = found;
      else await pause();
    }
    for (;;) {
      const state = this.exec('systemctl is-system-running --wait', 120_000).stdout.trim();
      if (state === 'running' || state === 'degraded') return;
      if (Date.now() > until) throw new Error(`systemd in the container: ${state}\n${this.#log}`);
      await pause();
    }
  }

  /** PID 1 of the container, as this machine sees it (for nsenter). */
  get leader(): number {
    return this.#leader;
  }

  /** Runs `script` (sh) inside the container, as root, with a clean environment. */
  exec(script: string, timeoutMs = 10 * 60_000): Run {
    const run = spawnSync(
      'nsenter',
      ['-t', String(this.#leader), '-a', '--', ...CLEAN_ENV.split(' '), '/bin/sh', '-c', script],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  /** Runs a program of this machine in the container's network namespace only (its loopback, its server). */
  inNetwork(command: string[], env: Record<string, string> = {}): Run {
    const run = spawnSync('nsenter', ['-t', String(this.#leader), '-n', '--', ...command], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  /** The names of the container's network interfaces. */
  interfaces(): string[] {
    return this.exec('ls /sys/class/net').stdout.trim().split(/\s+/);
  }

  readFile(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  async poweroff(): Promise<void> {
    if (this.#nspawn.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => this.#nspawn.once('exit', () => resolve()));
    if (this.#leader) this.exec('systemctl poweroff', 10_000);
    const timer = setTimeout(() => this.#nspawn.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
  }
}
