// What the shell does with a phonghop:// link: the configured server's links are handed to the page already showing;
// another server is asked about every time, opened once when the user agrees, and never saved; malformed links and
// links that need a configured server before there is one are refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideDeepLink, followDeepLink, type LinkEffects } from '../../../electron/main/linkDecision.ts';
import { readConfigFile, resolveServerOrigin } from '../../../electron/main/settings.ts';

const TOKEN = 'eyJtIjoibTEifQ.c2lnbmF0dXJl_-x';
const HOME = 'https://hop.bo.gov.vn';
const OTHER = 'https://hop.tinh.gov.vn:8443';
const linkTo = (server: string): string => `phonghop://join?server=${encodeURIComponent(server)}&token=${TOKEN}`;

describe('deep-link decision table', () => {
  const cases: Array<[string, string, string | null, 'open' | 'cancel' | undefined, unknown]> = [
    [
      'path link, configured server',
      `phonghop://join/${TOKEN}`,
      HOME,
      undefined,
      { action: 'hand-over', joinUrl: `${HOME}/join?token=${TOKEN}` },
    ],
    [
      'query link without server',
      `phonghop://join?token=${TOKEN}`,
      HOME,
      undefined,
      { action: 'hand-over', joinUrl: `${HOME}/join?token=${TOKEN}` },
    ],
    [
      'link naming the configured server',
      linkTo(`${HOME}/`),
      HOME,
      undefined,
      { action: 'hand-over', joinUrl: `${HOME}/join?token=${TOKEN}` },
    ],
    [
      'the configured server needs no answer, whatever is passed',
      linkTo(HOME),
      HOME,
      'cancel',
      { action: 'hand-over', joinUrl: `${HOME}/join?token=${TOKEN}` },
    ],
    [
      'another server, not asked yet',
      linkTo(OTHER),
      HOME,
      undefined,
      { action: 'ask', origin: OTHER, joinUrl: `${OTHER}/join?token=${TOKEN}` },
    ],
    [
      'another server, the user agrees',
      linkTo(OTHER),
      HOME,
      'open',
      { action: 'open-once', origin: OTHER, joinUrl: `${OTHER}/join?token=${TOKEN}` },
    ],
    ['another server, the user declines', linkTo(OTHER), HOME, 'cancel', { action: 'drop', origin: OTHER }],
    [
      'same host, another port, is another server',
      linkTo('https://hop.bo.gov.vn:9443'),
      HOME,
      undefined,
      {
        action: 'ask',
        origin: 'https://hop.bo.gov.vn:9443',
        joinUrl: `https://hop.bo.gov.vn:9443/join?token=${TOKEN}`,
      },
    ],
    [
      'a server named before any is configured',
      linkTo(OTHER),
      null,
      undefined,
      { action: 'ask', origin: OTHER, joinUrl: `${OTHER}/join?token=${TOKEN}` },
    ],
  ];
  for (const [name, raw, configured, answer, expected] of cases) {
    it(name, () => assert.deepEqual(decideDeepLink(raw, configured, answer), expected));
  }

  it('refuses a link that needs the configured server when none is configured yet', () => {
    const decision = decideDeepLink(`phonghop://join/${TOKEN}`, null);
    assert.equal(decision.action, 'refuse');
    assert.equal(decision.action === 'refuse' && decision.notice, 'no-server');
  });

  it("refuses malformed and hostile links with the parser's reason, whatever the answer", () => {
    const hostile = [
      'phonghop://join/short',
      `phonghop://settings?server=${encodeURIComponent(OTHER)}`,
      `phonghop://join?server=http://10.0.0.5:8080&token=${TOKEN}`,
      `phonghop://join?server=javascript:alert(1)&token=${TOKEN}`,
      `phonghop://join?token=${TOKEN}&server=${OTHER}&server=${HOME}`,
      `https://hop.bo.gov.vn/join?token=${TOKEN}`,
    ];
    for (const raw of hostile) {
      for (const answer of [undefined, 'open', 'cancel'] as const) {
        const decision = decideDeepLink(raw, HOME, answer);
        assert.equal(decision.action, 'refuse', raw);
        assert.equal(decision.action === 'refuse' && decision.notice, 'invalid-link');
        assert.ok(decision.action === 'refuse' && decision.reason.length > 0);
      }
    }
  });
});

describe('following a link', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phonghop-links-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Effects that record what happened; `agree` is the user's answer to every question. */
  function recording(agree: boolean) {
    const seen: string[] = [];
    const effects: LinkEffects = {
      ask: async (origin, configured) => {
        seen.push(`ask ${origin} (configured ${configured})`);
        return agree;
      },
      handOver: (joinUrl) => seen.push(`hand-over ${joinUrl}`),
      openOnce: (origin, joinUrl) => seen.push(`open-once ${origin} ${joinUrl}`),
      refuse: async (notice) => {
        seen.push(`refuse ${notice}`);
      },
    };
    return { seen, effects };
  }

  it("hands the configured server's link to the page without asking", async () => {
    const { seen, effects } = recording(false);
    await followDeepLink(`phonghop://join/${TOKEN}`, HOME, effects);
    assert.deepEqual(seen, [`hand-over ${HOME}/join?token=${TOKEN}`]);
  });

  it('asks every time for another server, and opens it only when the user agrees', async () => {
    const yes = recording(true);
    await followDeepLink(linkTo(OTHER), HOME, yes.effects);
    await followDeepLink(linkTo(OTHER), HOME, yes.effects);
    const opened = `open-once ${OTHER} ${OTHER}/join?token=${TOKEN}`;
    const asked = `ask ${OTHER} (configured ${HOME})`;
    assert.deepEqual(yes.seen, [asked, opened, asked, opened]);
    const no = recording(false);
    assert.deepEqual(await followDeepLink(linkTo(OTHER), HOME, no.effects), { action: 'drop', origin: OTHER });
    assert.deepEqual(no.seen, [asked]);
  });

  it('never changes the configured server: the files read the same, and resolve the same, afterwards', async () => {
    const installation = join(dir, 'config.json');
    const user = join(dir, 'settings.json');
    await writeFile(user, JSON.stringify({ serverUrl: HOME }));
    const resolve = async () =>
      resolveServerOrigin({
        env: {},
        installation: await readConfigFile(installation),
        user: await readConfigFile(user),
      });
    const before = { files: await readdir(dir), user: await readFile(user, 'utf8'), resolved: await resolve() };
    const configured = before.resolved.kind === 'configured' ? before.resolved.origin : null;
    assert.equal(configured, HOME);
    const { seen, effects } = recording(true);
    await followDeepLink(linkTo(OTHER), configured, effects);
    await followDeepLink(linkTo('http://localhost:8080'), configured, effects);
    assert.equal(seen.filter((line) => line.startsWith('open-once')).length, 2);
    assert.deepEqual(
      { files: await readdir(dir), user: await readFile(user, 'utf8'), resolved: await resolve() },
      before,
    );
  });

  it('tells the user about a refused link and does nothing else', async () => {
    const { seen, effects } = recording(true);
    await followDeepLink('phonghop://join/short', HOME, effects);
    await followDeepLink(`phonghop://join/${TOKEN}`, null, effects);
    assert.deepEqual(seen, ['refuse invalid-link', 'refuse no-server']);
  });
});
