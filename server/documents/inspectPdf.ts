// Decides whether an uploaded file is a PDF the clients can open, and what they should know about it: the cheap
// structural checks here, then pdf.js in a worker thread (inspectPdf.worker.mjs) with a time and memory limit.
// A refusal is an AppFailure whose reason names the problem; an acceptance is a report with flags.
import { Worker } from 'node:worker_threads';
import { AppFailure } from '../../common/errors.ts';
import type { DocumentFlag, DocumentLimits } from '../../common/documents.ts';
import { checkPdfStructure } from './pdfStructure.ts';

export interface PdfReport {
  pdfVersion: string;
  pageCount: number | null;
  passwordRequired: boolean;
  flags: DocumentFlag[];
}

export interface InspectOptions extends DocumentLimits {
  timeoutMs: number;
  /** Heap for the worker; a file that needs more is refused as unreadable rather than hurting the server. */
  workerHeapMb?: number;
  /** Pages whose actions and annotations are looked at (beyond it, only document-level scripts are found). */
  pageScanLimit?: number;
}

type WorkerAnswer =
  | { ok: true; passwordRequired: boolean; pageCount: number | null; flags: DocumentFlag[] }
  | { ok: false; kind: 'damaged' | 'unreadable'; message: string };

const WORKER_URL = new URL('./inspectPdf.worker.mjs', import.meta.url);

// Names that only scripts and program-launching actions use. Found in uncompressed objects; pdf.js finds the rest.
const SCRIPT_MARKERS = [/\/JavaScript\b/, /\/JS[\s(<[/]/];
const EXTERNAL_MARKERS = [/\/S\s*\/Launch\b/, /\/S\s*\/SubmitForm\b/, /\/S\s*\/ImportData\b/, /\/S\s*\/GoToE\b/];

function scanMarkers(bytes: Uint8Array): Set<DocumentFlag> {
  const flags = new Set<DocumentFlag>();
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (SCRIPT_MARKERS.some((re) => re.test(text))) flags.add('javascript');
  if (EXTERNAL_MARKERS.some((re) => re.test(text))) flags.add('external_actions');
  if (/\/EmbeddedFiles\b/.test(text)) flags.add('attachments');
  if (/\/Encrypt\s+\d+\s+\d+\s+R/.test(text)) flags.add('encrypted');
  return flags;
}

function runWorker(bytes: Uint8Array, options: InspectOptions): Promise<WorkerAnswer> {
  return new Promise((resolve) => {
    const copy = new Uint8Array(bytes);
    const worker = new Worker(WORKER_URL, {
      workerData: { bytes: copy, maxPages: options.maxPages, pageScanLimit: options.pageScanLimit ?? 2000 },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb ?? 1024 },
    });
    let settled = false;
    const finish = (answer: WorkerAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ ok: false, kind: 'unreadable', message: `reading it took longer than ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    worker.once('message', (answer: WorkerAnswer) => finish(answer));
    worker.once('error', (error) => finish({ ok: false, kind: 'unreadable', message: error.message }));
    worker.once('exit', (code) => finish({ ok: false, kind: 'unreadable', message: `the reader stopped (${code})` }));
  });
}

// One inspection at a time: each holds a copy of a file of up to maxBytes and a pdf.js instance.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Inspects the bytes, or what `source` reads when its turn comes: an upload waiting on disk is read into memory only
 * for its own inspection, not while others are inspected.
 */
export function inspectPdf(
  source: Uint8Array | (() => Promise<Uint8Array>),
  options: InspectOptions,
): Promise<PdfReport> {
  const run = queue.then(async () => inspectNow(typeof source === 'function' ? await source() : source, options));
  queue = run.catch(() => undefined);
  return run;
}

async function inspectNow(bytes: Uint8Array, options: InspectOptions): Promise<PdfReport> {
  if (bytes.byteLength > options.maxBytes) {
    throw new AppFailure(
      'too_large',
      `the file has ${bytes.byteLength} bytes; the limit is ${options.maxBytes}`,
      'document_too_large',
      { size: bytes.byteLength, maxBytes: options.maxBytes },
    );
  }
  const structure = checkPdfStructure(bytes);
  const answer = await runWorker(bytes, options);
  if (!answer.ok) {
    if (answer.kind === 'damaged') {
      throw new AppFailure('invalid_message', `the PDF is damaged: ${answer.message}`, 'pdf_damaged', {
        problem: answer.message.slice(0, 200),
      });
    }
    throw new AppFailure('invalid_message', `the PDF could not be read: ${answer.message}`, 'pdf_unreadable', {
      problem: answer.message.slice(0, 200),
    });
  }
  if (answer.pageCount !== null && answer.pageCount > options.maxPages) {
    throw new AppFailure(
      'too_large',
      `the PDF has ${answer.pageCount} pages; the limit is ${options.maxPages}`,
      'too_many_pages',
      { pages: answer.pageCount, maxPages: options.maxPages },
    );
  }
  if (answer.pageCount === 0) {
    throw new AppFailure('invalid_message', 'the PDF has no pages', 'pdf_damaged', { problem: 'no pages' });
  }
  const flags = new Set<DocumentFlag>([...answer.flags, ...scanMarkers(bytes)]);
  if (answer.passwordRequired) flags.add('encrypted');
  if (!structure.xrefPointerValid) flags.add('xref_repaired');
  return {
    pdfVersion: structure.version,
    pageCount: answer.pageCount,
    passwordRequired: answer.passwordRequired,
    flags: [...flags].sort(),
  };
}
