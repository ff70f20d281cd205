// Reading a status message (gói tin trạng thái, QCVN 102:2016 SĐ1:2022) that a receiving system sends back over the
// axis for a document we sent: ResponseFor (the document: its issuer's code, number/notation, promulgation date and
// DocumentId), From (the receiving organisation), StatusCode, Description, Timestamp and StaffInfo. The Status
// element usually travels in a SOAP header; it is looked for anywhere in the file. Anything that is not a complete
// status message is refused with the reason, so the inbox can set the file aside and say why.
import { DOMParser } from '@xmldom/xmldom';
import { AppFailure } from '../../common/errors.ts';
import {
  EDXML_NAMESPACE,
  EDXML_STATUS_CODES,
  edxmlDocumentId,
  normaliseStatusCode,
  parseEdxmlTimestamp,
  type EdxmlStatusCode,
  type EdxmlStatusKind,
} from './edxmlFormat.ts';

export interface EdxmlStatusMessage {
  /** The DocumentId of the document the status is about. */
  documentId: string;
  code: EdxmlStatusCode;
  kind: EdxmlStatusKind;
  at: Date;
  from: { organId: string; organName: string };
  description: string | null;
  staff: { name: string | null; department: string | null };
}

function malformed(detail: string): never {
  throw new AppFailure('invalid_message', `not an edXML status message: ${detail}`);
}

/** Children by local name: systems that bind the edXML prefix to another namespace are read too. */
function child(parent: Element, name: string): Element | null {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 1 && (node as Element).localName === name) return node as Element;
  }
  return null;
}

const text = (parent: Element | null, name: string): string | null => {
  const value = parent ? child(parent, name)?.textContent?.trim() : undefined;
  return value ? value : null;
};

function findStatus(doc: Document): Element | null {
  const inNamespace = doc.getElementsByTagNameNS(EDXML_NAMESPACE, 'Status')[0];
  if (inNamespace) return inNamespace;
  return Array.from(doc.getElementsByTagNameNS('*', 'Status')).find((e) => child(e, 'StatusCode') !== null) ?? null;
}

export function parseEdxmlStatus(xml: string): EdxmlStatusMessage {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: (message: string) => errors.push(message),
      fatalError: (message: string) => errors.push(message),
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !doc.documentElement) malformed(`not well-formed XML (${errors[0] ?? 'empty'})`);
  const status = findStatus(doc);
  if (!status) malformed('no Status element');
  const responseFor = child(status, 'ResponseFor');
  const from = child(status, 'From');
  if (!responseFor) malformed('no ResponseFor');
  if (!from) malformed('no From');

  const codeText = text(status, 'StatusCode');
  if (!codeText) malformed('no StatusCode');
  const code = normaliseStatusCode(codeText);
  if (!code) malformed(`unknown StatusCode "${codeText}"`);

  const stamp = text(status, 'Timestamp');
  if (!stamp) malformed('no Timestamp');
  const at = parseEdxmlTimestamp(stamp);
  if (!at) malformed(`Timestamp "${stamp}" is not yyyy/MM/dd HH:mm:ss`);

  const organId = text(from, 'OrganId');
  if (!organId) malformed('no From/OrganId');

  // DocumentId names the document; a system that leaves it out still gives what it is built from.
  let documentId = text(responseFor, 'DocumentId');
  if (!documentId) {
    const issuer = text(responseFor, 'OrganId');
    const numberNotation = text(responseFor, 'Code');
    const date = parseEdxmlTimestamp(text(responseFor, 'PromulgationDate') ?? '');
    const slash = numberNotation?.indexOf('/') ?? -1;
    if (!issuer || !numberNotation || !date || slash <= 0) malformed('ResponseFor names no document');
    const day = new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    documentId = edxmlDocumentId(issuer, day, numberNotation.slice(0, slash), numberNotation.slice(slash + 1));
  }

  const staff = child(status, 'StaffInfo');
  return {
    documentId,
    code,
    kind: EDXML_STATUS_CODES[code],
    at,
    from: { organId, organName: text(from, 'OrganName') ?? organId },
    description: text(status, 'Description'),
    staff: { name: text(staff, 'Staff'), department: text(staff, 'Department') },
  };
}
