// `npm run test:bundle`: the air-gapped installation end to end (docs/install.md). The bundle is built as
// `npm run bundle` builds it (or taken from PHONGHOP_BUNDLE), and a fresh Debian 12 root is made with debootstrap.
// With the apt mirror reachable, the setup's package step runs there for real: as a non-root user and with
// PHONGHOP_NO_APT=1 it prints the line to run, as root it installs the missing package; Debian's own Node 18 gets
// the version message. Then a second fresh root boots with systemd in a network namespace that has only loopback,
// and there: ./install.sh, the service active as its own user, /healthz and the setup page over HTTPS with the
// generated CA verified, the setup link in the journal, a Chromium (this machine's, in the container's network)
// joining a demo meeting with its camera, an upgrade in place that keeps the data, and phonghop backup / restore.
// Needs root, debootstrap, systemd-container, chromium, libnss3-tools. Takes 10–20 minutes; not part of `npm test`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { resolveWorkerBin } from '../../scripts/sfu-worker.mjs';
import { CHROMIUM, joinMeeting, remoteVideosPlaying, waitUntil, type Participant } from '../helpers/browser.ts';
import { launchTrustingBrowser, type TrustedBrowser } from '../helpers/trustedBrowser.ts';
import { BootedRoot, debianRootTarball, freshRoot, runInRoot, type Run } from './freshRoot.ts';

const root = new URL('../../', import.meta.url).pathname;
const log = (line: string) => process.stderr.write(`[test:bundle] ${line}\n`);
const ok = (run: Run, what: string) => assert.equal(run.status, 0, `${what}:\n${run.stdout}\n${run.stderr}`);
const CA = 'var/lib/phonghop/tls/ca.crt';

let work = '';
let tarball = '';
let rootTarball = '';
let machine: BootedRoot | undefined;
let bundleDir = '';
let browser: TrustedBrowser | undefined;
/** The demo chair's invitation (its token carries the meeting and is signed with the data's token secret). */
let chairInvite = '';
const people: Participant[] = [];

/** GET over HTTPS inside the container's network, verifying the server with its generated CA. */
function httpsGet(url: string): { status: number; type: string; body: string } {
  const script = `const https = require('node:https'); const fs = require('node:fs');
https.get(process.argv[1], { ca: fs.readFileSync(process.argv[2]) }, (res) => {
  let body = ''; res.on('data', (c) => (body += c));
  res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, type: res.headers['content-type'], body })));
}).on('error', (e) => { console.error(e.message); process.exit(1); });`;
  const run = machine!.inNetwork([process.execPath, '-e', script, url, join(machine!.root, CA)]);
  ok(run, `GET ${url}`);
  return JSON.parse(run.stdout) as { status: number; type: string; body: string };
}

/** Invitation links the demo printed in the journal since the service's last start. */
function demoInvitations(): { role: string; name: string; url: string }[] {
  const journal = machine!.exec(
    'journalctl -u phonghop -o cat --no-pager _SYSTEMD_INVOCATION_ID=$(systemctl show -p InvocationID --value phonghop)',
  );
  return journal.stdout
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"url"'))
    .map((line) => JSON.parse(line) as { role: string; name: string; url: string });
}

before(async () => {
  work = mkdtempSync('/var/tmp/phonghop-bundle-test-');
  if (process.env.PHONGHOP_BUNDLE) {
    tarball = process.env.PHONGHOP_BUNDLE;
  } else {
    log('building the bundle (npm run bundle)');
    const build = spawnSync(process.execPath, ['scripts/bundle.mjs'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    assert.equal(build.status, 0, 'npm run bundle');
    tarball = build.stdout.trim();
  }
  rootTarball = debianRootTarball(log);
});

after(async () => {
  for (const p of people) await p.context.close().catch(() => {});
  await browser?.close();
  await machine?.poweroff();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the setup on a fresh Debian 12, with the apt mirror', () => {
  let debian = '';
  const worker = resolveWorkerBin();
  // The checkout and this machine's Node, read-only; a worker present, so that only the fonts are missing.
  const binds = [`${root}:/src`, `${process.execPath}:/usr/local/bin/node`, `${worker}:/opt/worker/mediasoup-worker`];
  const env = { MEDIASOUP_WORKER_BIN: '/opt/worker/mediasoup-worker' };
  const setup = 'node /src/scripts/setup.mjs --system-packages';
  const fontsInstalled = () =>
    runInRoot(debian, "dpkg-query -W -f='${Status}' fonts-liberation2").stdout.includes('install ok installed');

  before(() => {
    assert.ok(worker, 'this checkout has its mediasoup worker (npm run setup)');
    debian = freshRoot(rootTarball, join(work, 'setup-root'));
  });

  it('as a non-root user: prints the one sudo line and exits 3, installing nothing', () => {
    const run = runInRoot(debian, `setpriv --reuid=65534 --regid=65534 --clear-groups ${setup}`, binds, env);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /fonts-liberation2 — Liberation Serif with the Vietnamese letters/);
    assert.match(run.stderr, /^sudo apt-get install -y fonts-liberation2$/m);
    assert.equal(fontsInstalled(), false);
  });

  it('as root with PHONGHOP_NO_APT=1: prints the apt-get line, runs no apt-get', () => {
    const run = runInRoot(debian, setup, binds, { ...env, PHONGHOP_NO_APT: '1' });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /^apt-get install -y fonts-liberation2$/m);
    assert.equal(fontsInstalled(), false);
  });

  it(
    'as root: says what it installs and why, installs it, and then has nothing left to do',
    { timeout: 600_000 },
    () => {
      const run = runInRoot(debian, setup, binds, env);
      ok(run, 'the setup as root');
      assert.match(run.stderr, /installing Debian packages as root/);
      assert.match(run.stderr, /fonts-liberation2 — Liberation Serif/);
      assert.match(run.stderr, /\[setup\] apt-get install -y --no-install-recommends fonts-liberation2/);
      assert.equal(fontsInstalled(), true);
      const again = runInRoot(debian, setup, binds, env);
      ok(again, 'the setup again');
      assert.equal(again.stderr, '');
    },
  );

  it("with Debian's Node 18: one message naming the version needed", { timeout: 600_000 }, () => {
    ok(
      runInRoot(debian, 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs'),
      'apt-get install nodejs',
    );
    const run = runInRoot(debian, '/usr/bin/node /src/scripts/setup.mjs', binds, env);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /needs Node\.js 20 or newer; this is Node\.js 18\./);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });
});

describe('the bundle on a Debian 12 without network', () => {
  before(async () => {
    const debian = freshRoot(rootTarball, join(work, 'server-root'));
    copyFileSync(tarball, join(debian, 'root', basename(tarball)));
    machine = await BootedRoot.boot(debian);
    bundleDir = `/root/${basename(tarball, '.tar.gz')}`;
  });

  it('has only loopback', () => {
    assert.deepEqual(machine!.interfaces(), ['lo']);
  });

  it(
    'installs with ./install.sh: the service runs as its own user, healthy, the setup link in the journal',
    { timeout: 900_000 },
    () => {
      const install = machine!.exec(`cd /root && tar xzf ${basename(tarball)} && cd ${bundleDir} && ./install.sh`);
      ok(install, 'install.sh');
      const link = /^(https:\/\/localhost:8443\/setup\?token=\S+)$/m.exec(install.stdout)?.[1];
      assert.ok(link, `install.sh prints the setup link:\n${install.stdout}${install.stderr}`);
      assert.equal(machine!.exec('systemctl is-active phonghop').stdout.trim(), 'active');
      const pid = machine!.exec('systemctl show -p MainPID --value phonghop').stdout.trim();
      const uid = machine!.exec(`awk '/^Uid:/ { print $2 }' /proc/${pid}/status`).stdout.trim();
      assert.equal(uid, machine!.exec('id -u phonghop').stdout.trim(), 'the server runs as phonghop');
      assert.notEqual(uid, '0');
      assert.match(machine!.exec('stat -c %U:%a /var/lib/phonghop').stdout, /^phonghop:750$/m);
      assert.match(
        machine!.exec('journalctl -u phonghop -o cat --no-pager').stdout,
        new RegExp(link.replace(/[?.]/g, '\\$&')),
      );
      assert.equal(machine!.exec('phonghop setup-link').stdout.trim(), link);
      const health = httpsGet('https://localhost:8443/healthz');
      assert.equal(health.status, 200);
      assert.equal((JSON.parse(health.body) as { status: string }).status, 'ok');
      const page = httpsGet(link);
      assert.equal(page.status, 200);
      assert.match(page.type, /^text\/html/);
      assert.match(page.body, /<html/i);
    },
  );

  it(
    'a Chromium client joins a demo meeting with its camera, and the others see it',
    { timeout: 900_000 },
    async () => {
      machine!.exec(`echo 'PHONGHOP_ARGS="--demo --json"' >> /etc/phonghop/phonghop.env`);
      ok(machine!.exec('systemctl restart phonghop'), 'restart as a demo server');
      let links: ReturnType<typeof demoInvitations> = [];
      await waitUntil(
        async () => (links = demoInvitations()).length >= 2,
        600_000,
        'the demo invitations in the journal',
      );
      const wrapper = join(work, 'chromium-in-container');
      // The browser shares the container's only interface, loopback, with the server: WebRTC must be allowed to use
      // it (Chromium leaves loopback out of its candidates otherwise). Clients on a LAN need no such flag.
      writeFileSync(
        wrapper,
        `#!/bin/sh\nexec nsenter -t ${machine!.leader} -n ${CHROMIUM} --allow-loopback-in-peer-connection "$@"\n`,
      );
      chmodSync(wrapper, 0o755);
      browser = await launchTrustingBrowser(join(machine!.root, CA), wrapper);
      const chair = links.find((l) => l.role === 'chair')!;
      chairInvite = `https://localhost:8443/api/invite?token=${new URL(chair.url).searchParams.get('token')}`;
      const delegate = links.find((l) => l.role === 'delegate')!;
      people.push(await joinMeeting(browser.browser as Browser, chair.url, chair.name));
      people.push(await joinMeeting(browser.browser as Browser, delegate.url, delegate.name));
      await waitUntil(() => remoteVideosPlaying(people[0]!.page, 1), 90_000, "the chair plays the delegate's camera");
      await waitUntil(() => remoteVideosPlaying(people[1]!.page, 1), 90_000, "the delegate plays the chair's camera");
      for (const p of people.splice(0)) await p.context.close();
    },
  );

  it(
    'upgrades in place with a newer bundle: the data and settings stay, the previous release is kept',
    { timeout: 900_000 },
    () => {
      const before = httpsGet(chairInvite);
      assert.equal(before.status, 200);
      // The same bundle as a later version: its VERSION and that file's line in SHA256SUMS changed.
      const next = `${bundleDir}-next`;
      ok(
        machine!.exec(
          `cp -a ${bundleDir} ${next} && cd ${next} && echo 0.1.0-next > VERSION && ` +
            `sed -i "s/^[0-9a-f]*  VERSION$/$(sha256sum VERSION | cut -d' ' -f1)  VERSION/" SHA256SUMS`,
        ),
        'a newer bundle',
      );
      const upgrade = machine!.exec(`cd ${next} && ./install.sh`);
      ok(upgrade, 'install.sh of the newer bundle');
      assert.match(upgrade.stderr, /keeping the settings in \/etc\/phonghop\/phonghop\.env/);
      assert.equal(machine!.exec('readlink /opt/phonghop/current').stdout.trim(), 'releases/0.1.0-next');
      assert.equal(machine!.exec('ls /opt/phonghop/releases').stdout.trim().split('\n').join(' '), '0.1.0 0.1.0-next');
      assert.equal(machine!.exec('phonghop version').stdout.trim(), '0.1.0-next');
      assert.equal(machine!.exec('systemctl is-active phonghop').stdout.trim(), 'active');
      assert.match(machine!.readFile('etc/phonghop/phonghop.env'), /^PHONGHOP_ARGS="--demo --json"$/m);
      const after = httpsGet(chairInvite);
      assert.equal(after.status, 200, 'the meeting and the token secret survived the upgrade');
      assert.deepEqual(JSON.parse(after.body).meeting, JSON.parse(before.body).meeting);
    },
  );

  it('phonghop backup, wipe, phonghop restore: the meeting is back', { timeout: 900_000 }, () => {
    ok(machine!.exec('phonghop backup /root/backup.tar.gz'), 'phonghop backup (the server running)');
    ok(machine!.exec('systemctl stop phonghop && rm -rf /var/lib/phonghop/*'), 'wipe');
    assert.equal(machine!.exec('ls -A /var/lib/phonghop').stdout, '');
    ok(machine!.exec('phonghop restore /root/backup.tar.gz && systemctl start phonghop'), 'phonghop restore');
    assert.equal(httpsGet(chairInvite).status, 200, 'the meeting is back, with the token secret and the CA');
    assert.match(machine!.exec('stat -c %U /var/lib/phonghop/phonghop.sqlite').stdout, /^phonghop$/m);
    // Over a running service, `phonghop restore` stops it first and starts it again after.
    const again = machine!.exec('phonghop restore /root/backup.tar.gz');
    ok(again, 'phonghop restore while the service runs');
    assert.match(again.stderr, /stopping phonghop[\s\S]*restored the backup[\s\S]*starting phonghop/);
    assert.equal(machine!.exec('systemctl is-active phonghop').stdout.trim(), 'active');
    assert.equal(httpsGet(chairInvite).status, 200);
  });
});
