// The edXML adapter's settings (docs/edxml.md): the outbox the axis connector sends from, the receivers, the
// connector's inbox of status messages, and the agency's signing key — a PKCS#12 file with its password, or a PEM
// certificate and key. Without a key the adapter refuses to start, unless unsigned packages are asked for by name
// (ARCHIVE_EDXML_UNSIGNED=1), which only tests and development do: no axis accepts an unsigned package.
import { join, resolve } from 'node:path';
import { MINUTES_DOCUMENT_TYPE, ORGAN_ID } from './edxmlFormat.ts';
import type { EdxmlKeySource } from './edxmlSignature.ts';

export interface EdxmlConfig {
  /** ARCHIVE_EDXML_DIR: the outbox folder the connector reads. */
  dir: string;
  /** ARCHIVE_EDXML_TO: the receivers, "mã định danh=tên; …". */
  to: { organId: string; organName: string }[];
  /** ARCHIVE_EDXML_INBOX: the folder the connector writes status messages into. */
  inbox: string;
  /** ARCHIVE_EDXML_SIGN_P12 + _PASSWORD, or ARCHIVE_EDXML_SIGN_CERT + _KEY; null: none configured. */
  signing: EdxmlKeySource | null;
  /** ARCHIVE_EDXML_UNSIGNED=1: write packages without a signature (tests and development only). */
  unsigned: boolean;
  /**
   * ARCHIVE_EDXML_DOCUMENT_TYPE: DocumentType/Type for a biên bản (default 15). The code could not be confirmed
   * against the standard's table, and axes differ: the agency sets the one its connector expects.
   */
  documentType: string;
}

function receivers(value: string | undefined): { organId: string; organName: string }[] {
  return (value ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new Error(`ARCHIVE_EDXML_TO: expected "mã định danh=tên cơ quan", got "${part}"`);
      const organId = part.slice(0, eq).trim();
      if (!ORGAN_ID.test(organId)) {
        throw new Error(`ARCHIVE_EDXML_TO: "${organId}" is not a mã định danh of Decision 20/2020/QĐ-TTg`);
      }
      return { organId, organName: part.slice(eq + 1).trim() };
    });
}

function signing(env: NodeJS.ProcessEnv): EdxmlKeySource | null {
  const p12 = env.ARCHIVE_EDXML_SIGN_P12?.trim();
  const cert = env.ARCHIVE_EDXML_SIGN_CERT?.trim();
  const key = env.ARCHIVE_EDXML_SIGN_KEY?.trim();
  if (p12 && (cert || key)) throw new Error('ARCHIVE_EDXML_SIGN_P12 or ARCHIVE_EDXML_SIGN_CERT/_KEY, not both');
  if (p12) {
    if (env.ARCHIVE_EDXML_SIGN_PASSWORD === undefined) {
      throw new Error('ARCHIVE_EDXML_SIGN_P12 needs ARCHIVE_EDXML_SIGN_PASSWORD (empty for none)');
    }
    return { p12: resolve(p12), password: env.ARCHIVE_EDXML_SIGN_PASSWORD };
  }
  if (cert || key) {
    if (!cert || !key) throw new Error('ARCHIVE_EDXML_SIGN_CERT and ARCHIVE_EDXML_SIGN_KEY go together; set both');
    return { certFile: resolve(cert), keyFile: resolve(key) };
  }
  return null;
}

export function edxmlConfig(env: NodeJS.ProcessEnv, dataDir: string, adapter: string): EdxmlConfig {
  const to = receivers(env.ARCHIVE_EDXML_TO);
  const sign = signing(env);
  const unsigned = ['1', 'true', 'yes', 'on'].includes((env.ARCHIVE_EDXML_UNSIGNED ?? '').toLowerCase());
  const documentType = (env.ARCHIVE_EDXML_DOCUMENT_TYPE ?? '').trim() || MINUTES_DOCUMENT_TYPE.type;
  if (!/^\d{1,3}$/.test(documentType)) {
    throw new Error(`ARCHIVE_EDXML_DOCUMENT_TYPE: a number of 1 to 3 digits, got "${documentType}"`);
  }
  if (adapter === 'edxml') {
    if (to.length === 0) throw new Error('ARCHIVE_ADAPTER=edxml needs ARCHIVE_EDXML_TO');
    if (!sign && !unsigned) {
      throw new Error(
        'ARCHIVE_ADAPTER=edxml signs packages with the agency certificate: set ARCHIVE_EDXML_SIGN_P12 and ' +
          '_PASSWORD, or ARCHIVE_EDXML_SIGN_CERT and _KEY (ARCHIVE_EDXML_UNSIGNED=1 only for tests and development)',
      );
    }
  }
  return {
    dir: resolve(env.ARCHIVE_EDXML_DIR ?? join(dataDir, 'edxml-outbox')),
    to,
    inbox: resolve(env.ARCHIVE_EDXML_INBOX ?? join(dataDir, 'edxml-inbox')),
    signing: sign,
    unsigned,
    documentType,
  };
}
