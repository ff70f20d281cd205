// Runs pdf.js (the engine the clients render with) over an uploaded PDF in a worker thread, so that a hostile or
// enormous file can only cost this thread: the server stops it after a timeout and caps its memory. It opens the
// document, counts pages and looks for what the viewer should know about (JavaScript, attachments, XFA,
// encryption). It never renders: fonts and images are not decoded here.
// Plain JavaScript on purpose: worker threads do not inherit tsx's loader.
import { parentPort, workerData } from 'node:worker_threads';

/** @typedef {{ bytes: Uint8Array, maxPages: number, pageScanLimit: number }} Job */

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

/** @param {Job} job */
async function inspect(job) {
  const task = pdfjs.getDocument({
    data: job.bytes,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    disableAutoFetch: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (error) {
    const name = error?.name ?? 'Error';
    if (name === 'PasswordException') return { ok: true, passwordRequired: true, pageCount: null, flags: [] };
    return {
      ok: false,
      kind: name === 'InvalidPDFException' ? 'damaged' : 'unreadable',
      message: String(error?.message ?? error),
    };
  }
  try {
    const flags = new Set();
    const { info } = await pdf.getMetadata();
    if (info?.EncryptFilterName) flags.add('encrypted');
    if (info?.IsXFAPresent) flags.add('xfa');
    if (await pdf.hasJSActions()) flags.add('javascript');
    if (await pdf.getAttachments()) flags.add('attachments');
    const pageCount = pdf.numPages;
    // Page-level actions and annotations, for documents within the page limit (a larger one is refused anyway).
    if (pageCount <= job.maxPages) {
      for (let n = 1; n <= Math.min(pageCount, job.pageScanLimit); n++) {
        const page = await pdf.getPage(n);
        if (await page.getJSActions()) flags.add('javascript');
        for (const annotation of await page.getAnnotations({ intent: 'display' })) {
          if (annotation.actions && Object.keys(annotation.actions).length > 0) flags.add('javascript');
          if (annotation.attachment) flags.add('attachments');
        }
        page.cleanup();
      }
    }
    return { ok: true, passwordRequired: false, pageCount, flags: [...flags] };
  } finally {
    await task.destroy();
  }
}

try {
  parentPort?.postMessage(await inspect(/** @type {Job} */ (workerData)));
} catch (error) {
  parentPort?.postMessage({ ok: false, kind: 'unreadable', message: String(error?.message ?? error) });
}
