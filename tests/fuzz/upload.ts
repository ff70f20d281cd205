// The upload fuzzer (`npm run fuzz:upload`): the real server as a child process, and a few uploaders at once
// sending agenda "PDFs" from pdfMutations.ts — truncated, corrupted, structurally hostile — and hostile requests
// around them: no token, a delegate's, a guest link's, another meeting's document to add a version to, odd file
// names, a body over the limit, a Content-Length that lies, an upload cut off mid-way. Every answer must be a
// document or a typed JSON error; the server must stay up with bounded memory; every accepted upload must download
// byte for byte; and no temporary file may be left behind.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentInfo } from '../../common/documents.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';
import { basePdf, damage } from './pdfMutations.ts';
import { oddString, Rng } from './random.ts';
import { RssSampler, serverStillServes, type FuzzReport } from './report.ts';
import { seedDataDir, uploadAccepted, type SeededMeeting } from './seed.ts';
import { ServerProcess } from './serverProcess.ts';
import { loadAverage, Tally } from './tally.ts';
import { sendUpload, type UploadRequest } from './uploadRequest.ts';

export interface UploadFuzzOptions {
  seed: number;
  uploads: number;
  /** Uploads in flight at once (the server takes 4, 2 per uploader; more are refused with rate_limited). */
  parallel: number;
  log?: (line: string) => void;
}

const MAX_BYTES = 8 * 1024 * 1024;

interface Accepted {
  documentId: string;
  version: number;
  sha256: string;
  token: string;
}

/** A request around the body: mostly a proper upload, sometimes one a browser would never send. */
function requestFor(rng: Rng, meeting: SeededMeeting, body: Buffer, known: Accepted[]) {
  const token = meeting.tokens.get(rng.pick(['chair', 'secretary']))!;
  const query: Record<string, string> = { agendaItemId: rng.pick(meeting.agendaItemIds), fileName: 'tai-lieu.pdf' };
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' };
  const spec: UploadRequest & { how: string } = { how: 'proper', method: 'POST', path: '', headers, body };
  const own = new Set(meeting.tokens.values());
  const foreign = known.filter((a) => !own.has(a.token));
  spec.how = rng.weighted({
    proper: 70,
    noToken: 2,
    badToken: 2,
    delegate: 2,
    guestLink: 2,
    noParams: 2,
    unknownItem: 2,
    oddFileName: 4,
    hugeTitle: 1,
    foreignDocument: foreign.length > 0 ? 3 : 0,
    unknownDocument: 2,
    oversized: 2,
    lyingLength: 2,
    aborted: 3,
    wrongMethod: 1,
  });
  switch (spec.how) {
    case 'noToken':
      delete headers.authorization;
      break;
    case 'badToken':
      headers.authorization = `Bearer ${token.slice(0, -4)}AAAA`;
      break;
    case 'delegate':
      headers.authorization = `Bearer ${meeting.tokens.get('delegate-1')}`;
      break;
    case 'guestLink':
      headers.authorization = `Bearer ${meeting.guestLink}`;
      break;
    case 'noParams':
      delete query.agendaItemId;
      break;
    case 'unknownItem':
      query.agendaItemId = oddString(rng, 500) || 'khong-co';
      break;
    case 'oddFileName':
      query.fileName = oddString(rng, 5000);
      break;
    case 'hugeTitle':
      query.title = 'ệ'.repeat(rng.int(1000, 30_000));
      break;
    case 'foreignDocument':
      // A new version of a document of another meeting, sent with this meeting's token: must be refused.
      query.documentId = rng.pick(foreign).documentId;
      break;
    case 'unknownDocument':
      query.documentId = oddString(rng, 200) || 'khong-co';
      break;
    case 'oversized':
      spec.body = Buffer.alloc(MAX_BYTES + rng.int(1, 4 * 1024 * 1024), 0x25);
      break;
    case 'lyingLength':
      headers['content-length'] = String(body.length + rng.int(1, 100_000));
      spec.abortAfter = body.length;
      break;
    case 'aborted':
      spec.abortAfter = rng.int(0, body.length);
      break;
    case 'wrongMethod':
      spec.method = rng.pick(['PUT', 'DELETE', 'PATCH', 'GET']);
      // Framed, or Node's client sends a GET's or DELETE's body unframed and the server reads it as a next request.
      headers['content-length'] = String(body.length);
  }
  spec.path = `/api/documents?${new URLSearchParams(query)}`;
  return spec;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export async function fuzzUpload(options: UploadFuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const rng = new Rng(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-fuzz-upload-'));
  const seeded = seedDataDir(dataDir, 4, 2);
  const fuzzed = seeded.meetings.slice(0, -1);
  const control = seeded.meetings.at(-1)!;
  const server = await ServerProcess.start({
    dataDir,
    env: { ...seeded.env, LOG_LEVEL: 'error', DOCUMENT_MAX_BYTES: String(MAX_BYTES) },
  });
  const rss = new RssSampler(server);
  const tally = new Tally();
  const accepted: Accepted[] = [];
  const bases = new Map<string, number>();
  let acceptedWrongly = 0;
  try {
    rss.start();
    log(`fuzz:upload seed=${options.seed} uploads=${options.uploads} server=${server.url} pid=${server.pid}`);
    let remaining = options.uploads;
    const started = performance.now();
    const worker = async (workerRng: Rng) => {
      while (remaining-- > 0) {
        const meeting = workerRng.pick(fuzzed);
        const base = await basePdf(workerRng);
        const damaged = damage(base.bytes, workerRng);
        const label = `${base.name}/${damaged.how}`;
        bases.set(base.name, (bases.get(base.name) ?? 0) + 1);
        const spec = requestFor(workerRng, meeting, damaged.bytes, accepted);
        const answer = await sendUpload(server.url, spec);
        if (spec.abortAfter !== undefined && answer.outcome.kind === 'dropped') {
          tally.sent();
          continue;
        }
        tally.count(`${spec.how}:${label}`, answer.outcome);
        if (answer.outcome.kind !== 'ok' || answer.status !== 201) continue;
        const document = answer.outcome.data as DocumentInfo;
        if (spec.how !== 'proper' && spec.how !== 'oddFileName' && spec.how !== 'hugeTitle') {
          acceptedWrongly++;
          tally.samples.push({ what: 'accepted', request: spec.how, detail: `${label} → ${document.id}` });
        }
        const token = spec.headers.authorization!.slice('Bearer '.length);
        accepted.push({ documentId: document.id, version: document.versions.length, sha256: sha256(spec.body), token });
      }
    };
    const progress = setInterval(
      () => log(`  ${options.uploads - Math.max(0, remaining)} sent, rss ${server.rssMb()} MiB`),
      10_000,
    );
    await Promise.all(Array.from({ length: options.parallel }, () => worker(rng.fork())));
    clearInterval(progress);
    const seconds = Math.round((performance.now() - started) / 100) / 10;

    // Every accepted upload downloads as it was sent.
    let lost = 0;
    for (const a of accepted) {
      const response = await fetch(`${server.url}/api/documents/${a.documentId}/versions/${a.version}/file`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || sha256(bytes) !== a.sha256) lost++;
    }
    await new Promise((r) => setTimeout(r, 1000));
    const leftovers = readdirSync(join(dataDir, 'blobs', 'tmp'));
    // Still accepting a good document, and still running a meeting.
    const good = await uploadAccepted(
      server.url,
      control.tokens.get('chair')!,
      await plainPdf(2),
      control.agendaItemIds[0]!,
    )
      .then(() => true)
      .catch(() => false);
    const serves = await serverStillServes(server, control);
    rss.stop();
    return {
      fuzzer: 'upload',
      seed: options.seed,
      ...tally.summary(),
      uploads: options.uploads,
      accepted: accepted.length,
      accepted_wrongly: acceptedWrongly,
      lost,
      temp_files_left: leftovers.length,
      bases: Object.fromEntries(bases),
      seconds,
      unhandled: server.unhandled.length,
      unhandled_samples: server.unhandled.slice(0, 5),
      samples: tally.samples,
      server_alive: serves.ok && good,
      server_check: `${serves.detail}; a good upload ${good ? 'accepted' : 'REFUSED'}`,
      ...rss.summary(),
      load_avg: loadAverage(),
    };
  } finally {
    rss.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
