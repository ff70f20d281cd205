// mediasoup reads MEDIASOUP_WORKER_BIN once, when its module is first loaded; so the binary (upstream prebuilt or
// the one built offline by scripts/sfu-worker.mjs) is resolved here and mediasoup is imported only afterwards.
import { existsSync } from 'node:fs';
import { resolveWorkerBin } from '../../scripts/sfu-worker.mjs';

type Mediasoup = typeof import('mediasoup');
let loaded: Promise<Mediasoup> | undefined;

export function loadMediasoup(): Promise<Mediasoup> {
  loaded ??= (async () => {
    const fromEnv = process.env.MEDIASOUP_WORKER_BIN;
    if (fromEnv && !existsSync(fromEnv)) {
      throw new Error(`MEDIASOUP_WORKER_BIN points to ${fromEnv}, which does not exist`);
    }
    if (!fromEnv) {
      const bin = resolveWorkerBin();
      if (!bin) throw new Error('no mediasoup worker binary: run `npm run setup` to fetch or build it');
      process.env.MEDIASOUP_WORKER_BIN = bin;
    }
    return import('mediasoup');
  })();
  return loaded;
}
