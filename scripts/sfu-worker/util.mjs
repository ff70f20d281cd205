// Small process/file helpers shared by the mediasoup-worker build steps (scripts/sfu-worker.mjs).
// Node built-ins only: this runs before (and instead of) any npm install script.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

export function say(message) {
  process.stderr.write(`[sfu-worker] ${message}\n`);
}

/** Absolute path of `tool` on PATH, or null. */
export function which(tool) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, tool);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs a short command and returns its trimmed stdout; throws with stderr on failure. */
export function capture(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${(res.stderr || '').trim().slice(-2000)}`);
  }
  return (res.stdout || '').trim();
}

/** Like capture() but returns null instead of throwing. */
export function tryCapture(cmd, args, options = {}) {
  try {
    return capture(cmd, args, options);
  } catch {
    return null;
  }
}

function lastLines(file, count) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

/**
 * Runs a long command, appending all of its output to `logFile` and handing each output line to
 * `onLine` (for progress). Resolves when it exits 0; rejects with the log's tail otherwise.
 */
export function runLogged(cmd, args, { cwd, env, logFile, onLine } = {}) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  log.write(`\n$ (cd ${cwd || process.cwd()} && ${cmd} ${args.join(' ')})\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env || process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    activeChildren.add(child);
    armCleanup();
    let pending = '';
    const feed = (chunk) => {
      log.write(chunk);
      if (!onLine) return;
      pending += chunk.toString('utf8');
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop();
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', (error) => {
      activeChildren.delete(child);
      disarmCleanupIfIdle();
      log.end();
      reject(error);
    });
    child.on('close', (code, signal) => {
      activeChildren.delete(child);
      disarmCleanupIfIdle();
      if (pending && onLine) onLine(pending);
      log.end(() => {
        if (code === 0) return resolve();
        const tail = lastLines(logFile, 60);
        reject(
          new Error(
            `${path.basename(cmd)} failed (${signal ? `signal ${signal}` : `exit ${code}`}); full log: ${logFile}\n` +
              `--- last lines ---\n${tail}`,
          ),
        );
      });
    });
  });
}

const activeChildren = new Set();
const heldLocks = new Set();

function cleanupOnExit() {
  for (const child of activeChildren) {
    try {
      child.kill('SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const lockPath of heldLocks) {
    try {
      fs.unlinkSync(lockPath);
    } catch {
      // already gone
    }
  }
}
const signalHandlers = new Map();

// Signal handlers are installed only while this module owns a lock or a child process, so that
// importing it (scripts/setup.mjs does) does not change how the importing process reacts to ^C.
function armCleanup() {
  if (signalHandlers.size) return;
  process.on('exit', cleanupOnExit);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const handler = () => {
      cleanupOnExit();
      process.exit(128 + (os.constants.signals[signal] || 1));
    };
    signalHandlers.set(signal, handler);
    process.on(signal, handler);
  }
}

function disarmCleanupIfIdle() {
  if (activeChildren.size || heldLocks.size || !signalHandlers.size) return;
  process.off('exit', cleanupOnExit);
  for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  signalHandlers.clear();
}

function lockOwnerAlive(lockPath) {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
  } catch {
    // Being written right now, or garbage: judge by age only.
    try {
      return Date.now() - fs.statSync(lockPath).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  if (info.host && info.host !== os.hostname()) {
    // Another machine sharing the cache (e.g. a network home): trust it for up to 3 hours.
    return Date.now() - info.time < 3 * 3600_000;
  }
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding an exclusive lock file. A second process waits (printing a line now
 * and then) until the first one is done; a lock left behind by a dead process is taken over.
 */
export async function withLock(lockPath, what, fn) {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  let lastNotice = 0;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), time: Date.now(), what }));
      fs.closeSync(fd);
      heldLocks.add(lockPath);
      armCleanup();
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (!lockOwnerAlive(lockPath)) {
      say(`removing stale lock ${lockPath}`);
      try {
        fs.unlinkSync(lockPath);
      } catch {
        // someone else removed it
      }
      continue;
    }
    if (Date.now() - lastNotice > 30_000) {
      let owner = '';
      try {
        owner = ` (pid ${JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid})`;
      } catch {
        // unreadable
      }
      say(`waiting for another process${owner} that is busy with ${what} (lock ${lockPath})`);
      lastNotice = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  try {
    return await fn();
  } finally {
    heldLocks.delete(lockPath);
    try {
      fs.unlinkSync(lockPath);
    } catch {
      // already gone
    }
    disarmCleanupIfIdle();
  }
}

/** Prints progress lines: every line when verbose, about every 10% when quiet. */
export function progressReporter(label, quiet) {
  let lastDecile = -1;
  return (done, total, detail) => {
    if (!total) return;
    const pct = Math.min(100, Math.floor((done * 100) / total));
    if (!quiet) {
      say(`${label} [${done}/${total}]${detail ? ` ${detail}` : ''}`);
      return;
    }
    const decile = Math.floor(pct / 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      say(`${label}: ${pct}% (${done}/${total})`);
    }
  };
}

export function formatSeconds(seconds) {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** Writes a file atomically (temp file + rename) so a reader never sees half of it. */
export function writeFileAtomic(file, data, mode) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data, mode ? { mode } : undefined);
  fs.renameSync(tmp, file);
}
