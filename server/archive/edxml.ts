// An edXML package for the national document interconnection axis (QCVN 102:2016/BTTTT element names): sender and
// receiver agency codes, number and notation, promulgation place and date, subject, signers, and the signed PDF as
// a base64 attachment. The adapter drops packages into an outbox folder that the agency's axis connector sends;
// schemas/edxml.xsd describes what is written.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './embedded.ts';
import {
  numberNotation,
  rejected,
  sha256,
  slug,
  type ArchiveDocument,
  type DocumentArchive,
  type FilingReceipt,
} from './DocumentArchive.ts';

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const EDXML_SCHEMA = fileURLToPath(new URL('./schemas/edxml.xsd', import.meta.url));

export interface EdxmlParty {
  /** Mã định danh, e.g. "000.00.01.G06". */
  organId: string;
  organName: string;
  organizationInCharge?: string | null;
}

export interface EdxmlOptions {
  /** The sender; by default the issuing agency from the document's metadata. */
  from?: EdxmlParty;
  to: EdxmlParty[];
  now?: Date;
  /** Content-ID domain of the attachment. */
  domain?: string;
}

/**
 * Text for an element: NFC, markup escaped, and without the characters XML 1.0 cannot carry (C0 controls but tab,
 * line feed and carriage return; U+FFFE, U+FFFF; lone surrogates): one pasted into a title would make the whole
 * package unreadable for the receiver.
 */
function escape(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function element(name: string, content: string | string[], indent: number): string {
  const pad = '  '.repeat(indent);
  if (Array.isArray(content)) return `${pad}<edXML:${name}>\n${content.join('\n')}\n${pad}</edXML:${name}>`;
  return `${pad}<edXML:${name}>${escape(content)}</edXML:${name}>`;
}

function party(name: string, p: EdxmlParty, indent: number): string {
  return element(
    name,
    [
      element('OrganId', p.organId, indent + 1),
      ...(p.organizationInCharge ? [element('OrganizationInCharge', p.organizationInCharge, indent + 1)] : []),
      element('OrganName', p.organName, indent + 1),
    ],
    indent,
  );
}

/** The attachment's file name: "15-BB-VPB.pdf". */
export function attachmentName(document: ArchiveDocument): string {
  return `${slug(`${document.meta.number}-${document.meta.notation}`)}.pdf`;
}

/** The package as XML text. */
export function buildEdxml(document: ArchiveDocument, options: EdxmlOptions): string {
  const meta = document.meta;
  const from: EdxmlParty = options.from ?? {
    organId: meta.agencyCode ?? '',
    organName: meta.agency,
    organizationInCharge: meta.parentAgency,
  };
  if (!from.organId) throw rejected('edXML needs the issuing agency code (mã định danh)');
  if (options.to.length === 0) throw rejected('edXML needs at least one receiving agency');
  const now = options.now ?? new Date();
  const contentId = `${randomUUID()}@${options.domain ?? 'phonghop.local'}`;
  const name = attachmentName(document);
  const base64 = (document.pdf.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
  const documentId = `${from.organId},${meta.issuedOn.replace(/-/g, '/')},${numberNotation(meta)}`;
  const header = element(
    'MessageHeader',
    [
      party('From', from, 4),
      ...options.to.map((to) => party('To', to, 4)),
      element('DocumentId', documentId, 4),
      element('Code', [element('CodeNumber', meta.number, 5), element('CodeNotation', meta.notation, 5)], 4),
      element('PromulgationInfo', [element('Place', meta.place, 5), element('PromulgationDate', meta.issuedOn, 5)], 4),
      element('DocumentType', [element('Type', 'BB', 5), element('TypeName', meta.documentType, 5)], 4),
      element('Subject', meta.subject, 4),
      ...meta.signers.map((s) =>
        element(
          'SignerInfo',
          [
            element('Competence', s.competence, 5),
            element('Position', s.position ?? '', 5),
            element('FullName', s.name, 5),
          ],
          4,
        ),
      ),
      element('OtherInfo', [element('PageAmount', String(Math.max(1, meta.pages)), 5)], 4),
    ],
    3,
  );
  const trace = element(
    'TraceHeaderList',
    [element('TraceHeader', [element('OrganId', from.organId, 5), element('Timestamp', now.toISOString(), 5)], 4)],
    3,
  );
  const manifest = element(
    'edXMLManifest',
    [
      element(
        'Reference',
        [
          element('ContentId', contentId, 5),
          element('ContentType', 'application/pdf', 5),
          element('AttachmentName', name, 5),
          element('Description', `${meta.documentType} ${numberNotation(meta)}: ${meta.subject}`, 5),
        ],
        4,
      ),
    ],
    3,
  );
  const attachment = element(
    'Attachment',
    [
      element('ContentId', contentId, 3),
      element('AttachmentName', name, 3),
      element('ContentType', 'application/pdf', 3),
      element('Size', String(document.pdf.length), 3),
      element('Sha256', sha256(document.pdf), 3),
      `      <edXML:ContentTransferEncoded>\n${base64}\n      </edXML:ContentTransferEncoded>`,
    ],
    2,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<edXML:edXML xmlns:edXML="${EDXML_NAMESPACE}">`,
    element('edXMLEnvelope', [element('edXMLHeader', [header, trace], 2), element('edXMLBody', [manifest], 2)], 1),
    element('AttachmentEncoded', [attachment], 1),
    '</edXML:edXML>',
    '',
  ].join('\n');
}

/** The attachments of a package: name and decoded bytes (for consumers and tests). */
export function readEdxmlAttachments(xml: string): { name: string; sha256: string; data: Buffer }[] {
  return [...xml.matchAll(/<edXML:Attachment>([\s\S]*?)<\/edXML:Attachment>/g)].map((m) => {
    const body = m[1]!;
    const field = (tag: string): string =>
      new RegExp(`<edXML:${tag}>([\\s\\S]*?)</edXML:${tag}>`).exec(body)?.[1]?.trim() ?? '';
    return {
      name: field('AttachmentName'),
      sha256: field('Sha256'),
      data: Buffer.from(field('ContentTransferEncoded').replace(/\s+/g, ''), 'base64'),
    };
  });
}

export interface EdxmlOutboxOptions extends Omit<EdxmlOptions, 'now'> {
  /** Folder the axis connector picks packages up from. */
  dir: string;
}

/** Files by writing an edXML package into an outbox folder; the file name comes from the key, so never twice. */
export class EdxmlOutbox implements DocumentArchive {
  readonly name = 'edxml';
  readonly #options: EdxmlOutboxOptions;

  constructor(options: EdxmlOutboxOptions) {
    this.#options = options;
  }

  #path(key: string): string {
    return join(this.#options.dir, `${sha256(key).slice(0, 24)}.edxml`);
  }

  async file(document: ArchiveDocument, idempotencyKey: string): Promise<FilingReceipt> {
    const existing = await this.status(idempotencyKey);
    if (existing) {
      if (existing.sha256 !== sha256(document.pdf)) {
        throw rejected(`key ${idempotencyKey} was already used for a different document`);
      }
      return existing;
    }
    const path = this.#path(idempotencyKey);
    const now = new Date();
    await writeFileAtomic(path, buildEdxml(document, { ...this.#options, now }));
    return this.#receipt(path, idempotencyKey, sha256(document.pdf), now.toISOString());
  }

  async status(idempotencyKey: string): Promise<FilingReceipt | null> {
    const path = this.#path(idempotencyKey);
    let xml: string;
    try {
      xml = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const timestamp = /<edXML:Timestamp>([^<]+)<\/edXML:Timestamp>/.exec(xml)?.[1] ?? new Date().toISOString();
    return this.#receipt(path, idempotencyKey, readEdxmlAttachments(xml)[0]?.sha256 ?? '', timestamp);
  }

  #receipt(path: string, idempotencyKey: string, hash: string, filedAt: string): FilingReceipt {
    return { archive: this.name, id: path, idempotencyKey, sha256: hash, filedAt, location: path };
  }
}
