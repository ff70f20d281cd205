// SoftHSM2 as the USB token of the desktop's signer tests: a token folder of its own (SOFTHSM2_CONF, set for this
// process before the module is loaded), tokens initialised with softhsm2-util, a key and its certificate put on a
// token as a CA's registration tool would (softhsm2-util --import, pkcs11-tool --write-object from OpenSC), and a
// token deleted while in use to pull it out.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';
export const SO_PIN = '87654321';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });

export class SoftHsm {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'softhsm-'));
    mkdirSync(join(this.dir, 'tokens'));
    const conf = join(this.dir, 'softhsm2.conf');
    writeFileSync(
      conf,
      `directories.tokendir = ${join(this.dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    // Read by the module at C_Initialize, in this process and in the tools below.
    process.env.SOFTHSM2_CONF = conf;
  }

  initToken(tokenLabel: string, pin: string): void {
    run('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', SO_PIN]);
  }

  /** Puts a key (PKCS#8 PEM) and its certificate (DER) on the token under one CKA_ID. */
  importKey(tokenLabel: string, pin: string, keyPem: string, certificate: Buffer, id = '01'): void {
    const keyFile = join(this.dir, `key-${id}.pem`);
    const certFile = join(this.dir, `cert-${id}.der`);
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    writeFileSync(certFile, certificate);
    run('softhsm2-util', [
      '--import',
      keyFile,
      '--token',
      tokenLabel,
      '--label',
      `key-${id}`,
      '--id',
      id,
      '--pin',
      pin,
    ]);
    run('pkcs11-tool', [
      '--module',
      SOFTHSM_MODULE,
      '--token-label',
      tokenLabel,
      '--login',
      '--pin',
      pin,
      '--write-object',
      certFile,
      '--type',
      'cert',
      '--id',
      id,
      '--label',
      `cert-${id}`,
    ]);
    rmSync(keyFile);
  }

  /** The token disappears, as when pulled out of the USB port. */
  deleteToken(tokenLabel: string): void {
    run('softhsm2-util', ['--delete-token', '--token', tokenLabel]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
