// A real WebDAV server for the filing tests: Debian's Apache with mod_dav and mod_dav_fs, on a free loopback port,
// with its own configuration in a temporary folder; it can be stopped and started again on the same port.
// CI needs the Debian package apache2 (which brings apache2-bin with mod_dav/mod_dav_fs).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class WebDavServer {
  readonly dir: string;
  readonly port: number;
  readonly root: string;
  #process: ChildProcess | null = null;

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.port = port;
    this.root = join(dir, 'dav');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/dav/`;
  }

  /** A server in a fresh temporary folder of its own (www-data must be able to reach it). */
  static async create(): Promise<WebDavServer> {
    const dir = mkdtempSync(join(tmpdir(), 'phonghop-webdav-'));
    if (!existsSync(APACHE) || !existsSync(join(MODULES, 'mod_dav_fs.so'))) {
      throw new Error(
        `${APACHE} with mod_dav_fs is missing: install the Debian package apache2 (apt-get install apache2)`,
      );
    }
    const server = new WebDavServer(dir, await freePort());
    server.#configure();
    return server;
  }

  #configure(): void {
    mkdirSync(this.root, { recursive: true });
    mkdirSync(join(this.dir, 'run'), { recursive: true });
    mkdirSync(join(this.dir, 'lock'), { recursive: true });
    // Started as root, Apache serves as www-data, which must own what it writes.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      chmodSync(this.dir, 0o755); // mkdtemp made it 0700: www-data must be able to reach its DAV root
      const uid = Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' }).trim());
      for (const path of [this.root, join(this.dir, 'lock'), join(this.dir, 'run')]) chownSync(path, uid, gid);
    }
    const conf = [
      `ServerRoot "${this.dir}"`,
      `ServerName 127.0.0.1`,
      `Listen 127.0.0.1:${this.port}`,
      `PidFile "${join(this.dir, 'run', 'httpd.pid')}"`,
      `DefaultRuntimeDir "${join(this.dir, 'run')}"`,
      `ErrorLog "${join(this.dir, 'error.log')}"`,
      'LogLevel warn',
      ...(asRoot ? ['User www-data', 'Group www-data'] : []),
      `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
      `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
      `LoadModule dav_module ${MODULES}/mod_dav.so`,
      `LoadModule dav_fs_module ${MODULES}/mod_dav_fs.so`,
      `LoadModule alias_module ${MODULES}/mod_alias.so`,
      `DAVLockDB "${join(this.dir, 'lock', 'DavLock')}"`,
      `Alias /dav "${this.root}"`,
      `<Directory "${this.root}">`,
      '  Dav On',
      '  Require all granted',
      '</Directory>',
      '',
    ].join('\n');
    writeFileSync(join(this.dir, 'httpd.conf'), conf);
  }

  async start(): Promise<void> {
    const child = spawn(APACHE, ['-f', join(this.dir, 'httpd.conf'), '-DFOREGROUND'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.#process = child;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await Promise.race([
      waitFor(() => accepting(this.port), `Apache on port ${this.port}`),
      exited.then(() => {
        throw new Error(`Apache exited: ${stderr}${this.errorLog()}`);
      }),
    ]);
  }

  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
    this.#process = null;
    await waitFor(async () => !(await accepting(this.port)), 'Apache to stop listening');
  }

  /** Stops the server and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  errorLog(): string {
    const path = join(this.dir, 'error.log');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** Every file stored under the DAV root (relative paths), straight from the disk. */
  files(dir = this.root, prefix = ''): string[] {
    const out: string[] = [];
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) out.push(...this.files(path, `${prefix}${name}/`));
      else out.push(`${prefix}${name}`);
    }
    return out.sort();
  }
}
