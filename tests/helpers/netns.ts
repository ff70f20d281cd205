// A test host of our own: a network namespace joined to this machine by a veth pair, so that a browser can really
// lose its network (link down) and get it back. Needs root and iproute2, as CI has.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestHost {
  /** This machine's address on the link; servers the namespace should reach listen here. */
  hostIp: string;
  nsIp: string;
  /** A Chromium launcher that runs inside the namespace (for playwright's executablePath). */
  chromiumPath: string;
  setLinkUp(up: boolean): void;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

export function createTestHost(chromium: string, subnet = 77): TestHost {
  const id = `ph${process.pid % 100000}`;
  const hostIf = `${id}h`;
  const nsIf = `${id}n`;
  const hostIp = `10.${subnet}.0.1`;
  const nsIp = `10.${subnet}.0.2`;
  try {
    ip('netns', 'del', id);
  } catch {
    // not there: fine
  }
  ip('netns', 'add', id);
  ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
  ip('link', 'set', nsIf, 'netns', id);
  ip('addr', 'add', `${hostIp}/24`, 'dev', hostIf);
  ip('link', 'set', hostIf, 'up');
  ip('netns', 'exec', id, 'ip', 'addr', 'add', `${nsIp}/24`, 'dev', nsIf);
  ip('netns', 'exec', id, 'ip', 'link', 'set', nsIf, 'up');
  ip('netns', 'exec', id, 'ip', 'link', 'set', 'lo', 'up');
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-netns-'));
  const chromiumPath = join(dir, 'chromium-in-netns');
  writeFileSync(chromiumPath, `#!/bin/sh\nexec ip netns exec ${id} ${chromium} "$@"\n`);
  chmodSync(chromiumPath, 0o755);
  return {
    hostIp,
    nsIp,
    chromiumPath,
    setLinkUp(up) {
      ip('link', 'set', hostIf, up ? 'up' : 'down');
    },
    remove() {
      try {
        ip('netns', 'del', id);
      } catch {
        // already gone
      }
      try {
        ip('link', 'del', hostIf);
      } catch {
        // removed with the namespace
      }
    },
  };
}
