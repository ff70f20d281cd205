// The shell's security rules: what the window may show, whom the bridge answers, which permissions and which CSP.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildContentSecurityPolicy,
  isAllowedNavigation,
  isAllowedPermission,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
  withContentSecurityPolicy,
} from '../../../electron/main/security.ts';

const APP = 'https://hop.example.gov.vn';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('navigation', () => {
  it('allows pages of the app origin only', () => {
    assert.equal(isAllowedNavigation(`${APP}/join?token=abc`, APP), true);
    assert.equal(isAllowedNavigation(`${APP}/`, APP), true);
    assert.equal(isAllowedNavigation('https://evil.example/', APP), false);
    assert.equal(isAllowedNavigation('http://hop.example.gov.vn/', APP), false, 'scheme is part of the origin');
    assert.equal(isAllowedNavigation('https://hop.example.gov.vn:8443/', APP), false, 'so is the port');
    assert.equal(isAllowedNavigation('https://hop.example.gov.vn.evil.example/', APP), false);
    assert.equal(isAllowedNavigation('file:///etc/passwd', APP), false);
    assert.equal(isAllowedNavigation('about:blank', APP), false);
    assert.equal(isAllowedNavigation('data:text/html,hi', APP), false);
    assert.equal(isAllowedNavigation('javascript:alert(1)', APP), false);
    assert.equal(isAllowedNavigation('not a url', APP), false);
  });

  it('sends only plain https links to the OS browser', () => {
    assert.equal(isSafeExternalUrl('https://chinhphu.vn/'), true);
    assert.equal(isSafeExternalUrl('http://chinhphu.vn/'), false);
    assert.equal(isSafeExternalUrl('file:///C:/Windows/System32/calc.exe'), false);
    assert.equal(isSafeExternalUrl('smb://server/share'), false);
    assert.equal(isSafeExternalUrl('ms-msdt:/id PCWDiagnostic'), false);
    assert.equal(isSafeExternalUrl('https://user:pw@example.com/'), false);
    assert.equal(isSafeExternalUrl(`https://example.com/${'a'.repeat(3000)}`), false);
    assert.equal(isSafeExternalUrl('garbage'), false);
  });

  it('treats opaque origins as no origin', () => {
    assert.equal(originOf('about:blank'), null);
    assert.equal(originOf('data:text/html,x'), null);
    assert.equal(originOf('https://a.example/x?y'), 'https://a.example');
  });
});

describe('IPC senders', () => {
  it('trusts the main frame of an app page', () => {
    assert.equal(isTrustedSender({ url: `${APP}/meeting/1`, isMainFrame: true }, APP), true);
  });

  it('refuses other origins, subframes and missing frames', () => {
    assert.equal(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true }, APP), false);
    assert.equal(isTrustedSender({ url: `${APP}/`, isMainFrame: false }, APP), false);
    assert.equal(isTrustedSender({ url: 'about:blank', isMainFrame: true }, APP), false);
    assert.equal(isTrustedSender({ url: 'file:///app/index.html', isMainFrame: true }, APP), false);
    assert.equal(isTrustedSender(null, APP), false);
    assert.equal(isTrustedSender(undefined, APP), false);
  });
});

describe('permissions', () => {
  it('grants camera, microphone and screen capture to the app origin', () => {
    assert.equal(isAllowedPermission('media', `${APP}/meeting`, APP), true);
    assert.equal(isAllowedPermission('display-capture', `${APP}/meeting`, APP), true);
    assert.equal(isAllowedPermission('media', APP, APP), true, 'permission checks pass a bare origin');
  });

  it('denies everything else, and media to other origins', () => {
    for (const permission of ['geolocation', 'notifications', 'openExternal', 'clipboard-read', 'midiSysex', 'hid']) {
      assert.equal(isAllowedPermission(permission, `${APP}/`, APP), false, permission);
    }
    assert.equal(isAllowedPermission('media', 'https://evil.example/', APP), false);
    assert.equal(isAllowedPermission('media', undefined, APP), false);
  });
});

describe('content security policy', () => {
  const csp = directives(buildContentSecurityPolicy(APP));

  it('allows scripts from the app only, with no eval and no inline script', () => {
    assert.deepEqual(csp.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(csp.get('default-src'), ["'self'"]);
    for (const [name, sources] of csp) {
      assert.ok(!sources.includes("'unsafe-eval'"), name);
      if (name !== 'style-src') assert.ok(!sources.includes("'unsafe-inline'"), name);
      assert.ok(!sources.includes('*') && !sources.includes('https:') && !sources.includes('http:'), name);
    }
  });

  it('connects only back to the app, including its websocket', () => {
    assert.deepEqual(csp.get('connect-src'), ["'self'", 'wss://hop.example.gov.vn']);
    const local = directives(buildContentSecurityPolicy('http://localhost:8080'));
    assert.deepEqual(local.get('connect-src'), ["'self'", 'ws://localhost:8080']);
  });

  it('forbids plugins, frames, base rewriting and being framed', () => {
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    assert.deepEqual(csp.get('frame-src'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
  });

  it('lets WebRTC and rendered pages through', () => {
    assert.ok(csp.get('media-src')?.includes('mediastream:'));
    assert.ok(csp.get('media-src')?.includes('blob:'));
    assert.ok(csp.get('img-src')?.includes('data:'));
  });

  it('replaces any server policy on app responses and leaves other responses alone', () => {
    const headers = { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] };
    const out = withContentSecurityPolicy(`${APP}/`, headers, APP);
    assert.deepEqual(out?.['Content-Type'], ['text/html']);
    assert.equal(out?.['content-security-policy'], undefined);
    assert.deepEqual(out?.['Content-Security-Policy'], [buildContentSecurityPolicy(APP)]);
    assert.equal(withContentSecurityPolicy('https://cdn.example/x.js', headers, APP), headers);
    assert.ok(withContentSecurityPolicy(`${APP}/`, undefined, APP)?.['Content-Security-Policy']);
  });
});
