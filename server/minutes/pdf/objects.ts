// PDF object values and their serialisation (ISO 32000-1, 7.3): just what the minutes writer and the signer produce.
export class PdfName {
  constructor(readonly value: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen = 0,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** A text string; written as a literal when ASCII, else as UTF-16BE with a byte-order mark. */
export class PdfText {
  constructor(readonly value: string) {}
}

/** Bytes written as a hex string. */
export class PdfHex {
  constructor(readonly hex: string) {}
}

/** Already-serialised PDF syntax, written verbatim. */
export class PdfRaw {
  constructor(readonly text: string) {}
}

export type PdfValue = number | boolean | null | PdfName | PdfRef | PdfText | PdfHex | PdfRaw | PdfValue[] | PdfDict;

export interface PdfDict {
  [key: string]: PdfValue | undefined;
}

export const pdfName = (value: string): PdfName => new PdfName(value);
export const pdfText = (value: string): PdfText => new PdfText(value);

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const fixed = n.toFixed(3);
  return fixed.replace(/\.?0+$/, '') || '0';
}

function escapeName(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += byte < 0x21 || byte > 0x7e || '()<>[]{}/%#'.includes(c) ? `#${byte.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

/** A PDF text string: literal for printable ASCII, UTF-16BE hex with BOM otherwise. */
export function textString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `(${value.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const utf16 = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof PdfName) return `/${escapeName(value.value)}`;
  if (value instanceof PdfRef) return value.toString();
  if (value instanceof PdfText) return textString(value.value);
  if (value instanceof PdfHex) return `<${value.hex}>`;
  if (value instanceof PdfRaw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  let out = '<<';
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    out += `/${escapeName(key)} ${serialize(entry)}`;
  }
  return `${out}>>`;
}

/** `D:YYYYMMDDHHmmSS+HH'mm'` for a date, in the given UTC offset (Vietnam: +420 minutes). */
export function pdfDate(date: Date, offsetMinutes = 420): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return (
    `D:${local.getUTCFullYear()}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}` +
    `${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}'${p(abs % 60)}'`
  );
}
