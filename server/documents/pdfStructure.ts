// The cheap checks that run before any PDF parser sees a file: is it a PDF at all (and if not, what it looks like,
// so the message can say "this is a Word document"), does it end where a PDF ends, does its last cross-reference
// pointer land inside the file. Each failure names the problem with a reason the UI translates.
import { AppFailure } from '../../common/errors.ts';

/** Where the header may start: readers accept up to 1024 bytes of junk before `%PDF-`. */
const HEADER_WINDOW = 1024;
/** Where the end marker must be: generous, since some writers append a few bytes after `%%EOF`. */
const TAIL_WINDOW = 4096;

const latin1 = (bytes: Uint8Array, start = 0, end = bytes.byteLength) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.byteLength) - start)).toString(
    'latin1',
  );

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/** A best guess at what a file that is not a PDF is, for the error message. */
export function sniffFileType(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG image';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG image';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'GIF image';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = latin1(bytes, 0, 4096);
    if (head.includes('word/')) return 'Word document (DOCX)';
    if (head.includes('xl/')) return 'Excel workbook (XLSX)';
    if (head.includes('ppt/')) return 'PowerPoint presentation (PPTX)';
    if (head.includes('opendocument')) return 'OpenDocument file';
    return 'ZIP archive';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'Office 97-2003 document (DOC/XLS)';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'RTF document';
  if (startsWith(bytes, [0x25, 0x21, 0x50, 0x53])) return 'PostScript file';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip archive';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(bytes, [0x4d, 0x5a])) return 'program';
  const head = latin1(bytes, 0, 512).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'HTML page';
  if (head.startsWith('<?xml') || head.startsWith('<')) return 'XML file';
  const sample = bytes.subarray(0, 512);
  const text = sample.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20);
  return text ? 'text file' : 'unknown binary file';
}

export interface PdfStructure {
  /** From the header, e.g. "1.7". */
  version: string;
  /** The last `startxref` points at a cross-reference table or stream (if not, pdf.js has to rebuild it). */
  xrefPointerValid: boolean;
}

export function checkPdfStructure(bytes: Uint8Array): PdfStructure {
  if (bytes.byteLength === 0) throw new AppFailure('invalid_message', 'the file is empty', 'pdf_empty');
  const head = latin1(bytes, 0, HEADER_WINDOW + 16);
  const headerAt = head.indexOf('%PDF-');
  if (headerAt < 0 || headerAt > HEADER_WINDOW) {
    const type = sniffFileType(bytes);
    throw new AppFailure('invalid_message', `not a PDF: the file looks like a ${type}`, 'not_a_pdf', { type });
  }
  const version = /^%PDF-(\d\.\d)/.exec(head.slice(headerAt))?.[1] ?? 'unknown';
  const tailStart = Math.max(0, bytes.byteLength - TAIL_WINDOW);
  const tail = latin1(bytes, tailStart);
  const eofAt = tail.lastIndexOf('%%EOF');
  if (eofAt < 0) {
    throw new AppFailure(
      'invalid_message',
      `the PDF is truncated: no %%EOF end marker in its last ${TAIL_WINDOW} bytes (${bytes.byteLength} bytes received)`,
      'pdf_truncated',
      { size: bytes.byteLength },
    );
  }
  const pointer = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eofAt));
  if (!pointer) {
    throw new AppFailure('invalid_message', 'the PDF is damaged: it has no startxref before %%EOF', 'pdf_damaged', {
      problem: 'startxref_missing',
    });
  }
  const offset = Number(pointer[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.byteLength) {
    throw new AppFailure(
      'invalid_message',
      `the PDF is damaged or truncated: its cross-reference offset ${pointer[1]} lies beyond the file's ` +
        `${bytes.byteLength} bytes`,
      'pdf_truncated',
      { size: bytes.byteLength, offset: pointer[1] ?? '' },
    );
  }
  const at = latin1(bytes, offset, offset + 32);
  const xrefPointerValid = /^\s*xref\b/.test(at) || /^\s*\d+\s+\d+\s+obj\b/.test(at);
  return { version, xrefPointerValid };
}
