// The signing world (signingCast.ts) with a remote-signing provider: the CSC v2 test service started first and the
// server told of it, for the whole file — started before its first test, stopped after its last. Read `w` and `csc`
// inside tests (they are set by then).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { CscTestService } from '../../helpers/cscTestService.ts';
import { signingWorld, type SigningWorld } from './signingCast.ts';

/** The server's settings naming the test service (and `env` besides: timeouts, polling). */
export const cscEnv = (csc: CscTestService, env: Record<string, string> = {}): Record<string, string> => ({
  CSC_URL: csc.url,
  CSC_CLIENT_ID: csc.clientId,
  CSC_CLIENT_SECRET: csc.clientSecret,
  ...env,
});

export function cscSigningWorld(env: Record<string, string> = {}): {
  readonly w: SigningWorld;
  readonly csc: CscTestService;
} {
  let w: SigningWorld | undefined;
  const csc = new CscTestService();
  before(async () => {
    await csc.start();
    w = await signingWorld(cscEnv(csc, env));
  });
  after(async () => {
    await w?.stop();
    await csc.stop();
  });
  return {
    get w() {
      assert.ok(w, 'the signing world has not started');
      return w;
    },
    csc,
  };
}
