// The value formats and code lists of QCVN 102:2016/BTTTT (as amended by SĐ1:2022) that an edXML package and a
// status message use: dates as yyyy/MM/dd, trace and status times as yyyy/MM/dd HH:mm:ss in Vietnam time, the
// document id "mã định danh,yyyy/MM/dd,số/ký hiệu", the code of the document type, the business document types and
// the status codes a receiving system reports. docs/edxml.md says where each comes from.

/** The edXML namespace (QCVN 102:2016). */
export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

/** Vietnam keeps UTC+7 all year; times in packages are local times without a zone. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2026/11/23" from an ISO date "2026-11-23" (PromulgationDate, DueDate, the date in a DocumentId). */
export function edxmlDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`expected a date YYYY-MM-DD, got "${isoDate}"`);
  return `${m[1]}/${m[2]}/${m[3]}`;
}

/** "2026/11/23 12:00:00": the instant in Vietnam time (TraceHeader/Timestamp, the status message's Timestamp). */
export function edxmlTimestamp(at: Date): string {
  const t = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  return (
    `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
  );
}

/**
 * The instant of a timestamp a receiving system wrote: the standard's yyyy/MM/dd HH:mm:ss (Vietnam time), and for
 * tolerance dd/MM/yyyy HH:mm:ss, which some systems send, and ISO 8601 with a zone. Null when it is none of these.
 */
export function parseEdxmlTimestamp(text: string): Date | null {
  const value = text.trim();
  let m = /^(\d{4})\/(\d{2})\/(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  const local = (y: string, mo: string, d: string, h = '0', mi = '0', s = '0'): Date | null => {
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - VIETNAM_OFFSET_MS;
    const check = new Date(ms + VIETNAM_OFFSET_MS);
    // 2026/02/31 is not a date: Date.UTC would roll it over.
    return check.getUTCDate() === +d && check.getUTCMonth() === +mo - 1 ? new Date(ms) : null;
  };
  if (m) return local(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (m) return local(m[3]!, m[2]!, m[1]!, m[4], m[5], m[6]);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

/**
 * Mã định danh of an organisation (Decision 20/2020/QĐ-TTg): an agency's four groups, e.g. 000.00.01.G06 (Art. 4),
 * or an enterprise's code, 10 digits and a branch's -3 (Art. 5). The schema says the same (OrganIdType).
 */
export const ORGAN_ID = /^(?:[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}|[0-9]{10}(?:-[0-9]{3})?)$/;

/** DocumentId: "000.00.01.G06,2026/11/23,15/BB-VPB" — issuer's code, promulgation date, number/notation. */
export function edxmlDocumentId(organId: string, issuedOn: string, number: string, notation: string): string {
  return `${organId},${edxmlDate(issuedOn)},${number}/${notation}`;
}

/**
 * DocumentType of a biên bản: Type 15, biên bản's place in Decree 30/2020's list of administrative documents (… 14
 * Báo cáo, 15 Biên bản, 16 Tờ trình … 18 Công văn). Not confirmed against the standard's table: one connected system
 * sends 18 for công văn, which fits, others send 1 (docs/edxml.md, "The schema and its sources").
 */
export const MINUTES_DOCUMENT_TYPE = { type: '15', typeDetail: '0', typeName: 'Biên bản' } as const;

/** Bussiness/BussinessDocType: what the package does to the document on the receiving side. */
export const BUSINESS_DOC_TYPES = { new: '0', recall: '1', update: '2', replace: '3' } as const;
export type BusinessKind = keyof typeof BUSINESS_DOC_TYPES;

/** Default BussinessDocReason for each kind, when the sender gives none. */
export const BUSINESS_REASONS: Record<BusinessKind, string> = {
  new: 'Văn bản điện tử mới',
  recall: 'Thu hồi văn bản',
  update: 'Cập nhật văn bản',
  replace: 'Thay thế văn bản',
};

/** StatusCode of a status message: what the receiving system did with the document. */
export const EDXML_STATUS_CODES = {
  '01': 'arrived',
  '02': 'rejected',
  '03': 'accepted',
  '04': 'assigned',
  '05': 'processing',
  '06': 'completed',
  '13': 'recallRequested',
  '15': 'recallAccepted',
  '16': 'recallRefused',
} as const;
export type EdxmlStatusCode = keyof typeof EDXML_STATUS_CODES;
export type EdxmlStatusKind = (typeof EDXML_STATUS_CODES)[EdxmlStatusCode];

export function isStatusCode(code: string): code is EdxmlStatusCode {
  return Object.hasOwn(EDXML_STATUS_CODES, code);
}

/** The code as a receiving system may write it ("1" or "01"), normalised to two digits; null if unknown. */
export function normaliseStatusCode(text: string): EdxmlStatusCode | null {
  const trimmed = text.trim();
  if (!/^\d{1,2}$/.test(trimmed)) return null;
  const code = trimmed.padStart(2, '0');
  return isStatusCode(code) ? code : null;
}

/**
 * How far along a status is, to order statuses that carry the same time (a system may report 01 and 03 in the same
 * second): arrival first, completion last; the recall exchange after them.
 */
export const STATUS_RANK: Record<EdxmlStatusCode, number> = {
  '01': 1,
  '02': 2,
  '03': 3,
  '04': 4,
  '05': 5,
  '06': 6,
  '13': 7,
  '15': 8,
  '16': 8,
};

/** Text for an XML element or attribute: NFC, characters XML 1.0 cannot carry removed, markup escaped. */
export function xmlText(text: string): string {
  return (
    text
      .normalize('NFC')
      // XML 1.0 allows tab, line feed, carriage return and U+0020 upwards except surrogates and U+FFFE/U+FFFF; a
      // control character pasted into a title would make the whole package unreadable for the receiver.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
