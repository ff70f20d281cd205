// The real server as a child process, as `npm run demo` runs it (`node --import tsx server/main.ts --json`), on a
// data folder of the test's: for tests that kill it with SIGKILL and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface DemoProcess {
  child: ChildProcess;
  /** The server's origin, e.g. http://127.0.0.1:43210. */
  url: string;
  /** Invitation links by participant id: chair, secretary, delegate-1, delegate-2. */
  links: Map<string, string>;
  /** The token of each of those links. */
  tokens: Map<string, string>;
  /** The participant id each link joins as (a connection point's is its unit's, e.g. unit-lao-cai). */
  participantIds: Map<string, string>;
}

const running = new Set<ChildProcess>();

/** A TCP port free at this moment on loopback (for a server that must come back on the same port). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the demo with two delegates on `dataDir` (port 0: any) and resolves once it has printed its four links. */
export async function startDemoProcess(
  dataDir: string,
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--json'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      SFU_WORKERS: '1',
      DEMO_DELEGATES: '2',
      RTC_MIN_PORT: '40000',
      RTC_MAX_PORT: '49999',
      HTTP_ONLY: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const links = new Map<string, string>();
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stderr}`)), 60_000);
    child.once('exit', (code, signal) => reject(new Error(`the server exited (${code ?? signal}):\n${stderr}`)));
    lines.on('line', (line) => {
      const invitation = JSON.parse(line) as { role: string; url?: string };
      // The demo's accounts come first ({"role","username","password"}); the invitations carry a url.
      if (!invitation.url) return;
      // Printed in order: chair, secretary, then the delegates (participant ids delegate-1, delegate-2).
      const key = invitation.role === 'delegate' ? `delegate-${links.size - 1}` : invitation.role;
      links.set(key, invitation.url);
      if (links.size === 4) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const tokens = new Map([...links].map(([id, link]) => [id, new URL(link).searchParams.get('token') ?? '']));
  // A token's first part is its claims, base64url JSON; `p` is the participant.
  const participantIds = new Map(
    [...tokens].map(([key, token]) => {
      const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { p: string };
      return [key, claims.p];
    }),
  );
  return { child, url: new URL(links.get('chair')!).origin, links, tokens, participantIds };
}

/** SIGKILL: no shutdown handler runs, as when the machine loses power. */
export function killHard(server: DemoProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

/** For `after`: no demo process outlives its test file. */
export function killAllDemoProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}
