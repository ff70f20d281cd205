// A real SMTP server for a test: Debian's aiosmtpd on a free loopback port, each message it accepts written as the
// raw bytes it received. Optional login, STARTTLS or implicit TLS (certificate files made by the test), and
// addresses to refuse, so the client's handling of each is tested against a server that is not ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Debian's interpreter, where python3-aiosmtpd and python3-icalendar are installed (a pyenv on PATH lacks them). */
export const SYSTEM_PYTHON = process.env.SYSTEM_PYTHON ?? '/usr/bin/python3';

export interface SmtpServerOptions {
  /** Require this login (AUTH PLAIN/LOGIN; allowed without TLS so plain-text tests can log in). */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with this certificate (PEM files). */
  starttls?: { certFile: string; keyFile: string };
  /** TLS from the first byte (smtps) with this certificate. */
  implicitTls?: { certFile: string; keyFile: string };
  /** Recipient addresses answered with 550 at RCPT TO. */
  refuse?: string[];
}

export interface ReceivedMessage {
  mailFrom: string;
  rcptTos: string[];
  /** The session was encrypted (STARTTLS or implicit TLS) and logged in. */
  tls: boolean;
  authenticated: boolean;
  /** The message exactly as it came over DATA. */
  raw: Buffer;
  /** Where the raw message is on disk, for a script that reads it. */
  file: string;
}

export interface SmtpServer {
  host: string;
  port: number;
  messages(): Promise<ReceivedMessage[]>;
  /** Resolves once at least `count` messages have arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = String.raw`
import asyncio, json, os, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

opts = json.loads(sys.argv[1])
out_dir = opts['dir']

def context(files):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(files['certFile'], files['keyFile'])
    return ctx

class Store:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in [a.lower() for a in opts.get('refuse', [])]:
            return '550 5.1.1 mailbox unavailable'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(out_dir, '%05d' % self.count)
        with open(base + '.eml', 'wb') as f:
            f.write(envelope.original_content)
        meta = {'mailFrom': envelope.mail_from, 'rcptTos': envelope.rcpt_tos,
                'tls': server.transport.get_extra_info('ssl_object') is not None,
                'authenticated': bool(session.authenticated)}
        # the .json appears last and atomically: its presence means the message is complete
        with open(base + '.tmp', 'w') as f:
            json.dump(meta, f)
        os.rename(base + '.tmp', base + '.json')
        return '250 Message accepted for delivery'

def authenticator(server, session, envelope, mechanism, auth_data):
    want = opts.get('auth')
    ok = (want is not None and isinstance(auth_data, LoginPassword)
          and auth_data.login.decode() == want['user'] and auth_data.password.decode() == want['pass'])
    # handled=False: aiosmtpd answers 535 itself (its default assumes the authenticator already replied)
    return AuthResult(success=ok, handled=False)

async def main():
    handler = Store()
    loop = asyncio.get_running_loop()
    kwargs = {'hostname': 'smtp.test', 'decode_data': False, 'loop': loop}
    if opts.get('auth'):
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    if opts.get('starttls'):
        kwargs.update(tls_context=context(opts['starttls']), require_starttls=False)
    implicit = context(opts['implicitTls']) if opts.get('implicitTls') else None
    server = await loop.create_server(lambda: SMTP(handler, **kwargs), '127.0.0.1', 0, ssl=implicit)
    print(json.dumps({'port': server.sockets[0].getsockname()[1]}), flush=True)
    await server.serve_forever()

asyncio.run(main())
`;

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpServer> {
  const dir = await mkdtemp(join(tmpdir(), 'phonghop-smtp-'));
  const mailDir = join(dir, 'mail');
  await writeFile(join(dir, 'server.py'), SERVER_SCRIPT);
  await mkdir(mailDir);
  const child = spawn(SYSTEM_PYTHON, [join(dir, 'server.py'), JSON.stringify({ ...options, dir: mailDir })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const port = await readPort(child, () => stderr);

  const messages = async (): Promise<ReceivedMessage[]> => {
    const names = (await readdir(mailDir)).filter((n) => n.endsWith('.json')).sort();
    return Promise.all(
      names.map(async (name) => {
        const meta = JSON.parse(await readFile(join(mailDir, name), 'utf8')) as Omit<ReceivedMessage, 'raw' | 'file'>;
        const file = join(mailDir, name.replace(/\.json$/, '.eml'));
        return { ...meta, raw: await readFile(file), file };
      }),
    );
  };

  return {
    host: '127.0.0.1',
    port,
    messages,
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = await messages();
        if (got.length >= count) return got;
        if (Date.now() > deadline) throw new Error(`SMTP server got ${got.length} of ${count} messages; ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function readPort(child: ChildProcess, stderr: () => string): Promise<number> {
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`aiosmtpd exited (${String(code)}) before listening: ${stderr()}`);
  });
  const first = once(lines, 'line').then(([line]) => (JSON.parse(String(line)) as { port: number }).port);
  try {
    return await Promise.race([first, exited]);
  } finally {
    exited.catch(() => undefined);
    lines.close();
  }
}
