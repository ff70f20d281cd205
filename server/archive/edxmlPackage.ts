// The edXML package of QCVN 102:2016/BTTTT (SĐ1:2022) for a filed record: the envelope's MessageHeader (sender and
// receivers by their codes under Decision 20/2020/QĐ-TTg, document id, number and notation, promulgation place and
// date, the code of the document type, subject, signers, other information with priority and page count, steering
// type, nơi nhận), the TraceHeaderList with the business information (new, update, replace, recall), the manifest
// that lists each attachment with its hash, and the attachments themselves in base64. The package is built unsigned
// with a placeholder for each attachment's base64, which edxmlStream.ts streams in from disk (a recording is
// gigabytes); edxmlSignature.ts signs it. schemas/edxml.xsd is the schema, written from the standard's tables.
import { randomBytes } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import {
  attachmentFileName,
  numberNotation,
  rejected,
  slug,
  type ArchiveAttachment,
  type ArchiveDocument,
} from './DocumentArchive.ts';
import { attachmentHash } from './attachmentFiles.ts';
import {
  BUSINESS_DOC_TYPES,
  BUSINESS_REASONS,
  EDXML_NAMESPACE,
  MINUTES_DOCUMENT_TYPE,
  ORGAN_ID,
  edxmlDate,
  edxmlDocumentId,
  edxmlTimestamp,
  xmlText,
  type BusinessKind,
} from './edxmlFormat.ts';

export interface EdxmlParty {
  /** Mã định danh (Decision 20/2020/QĐ-TTg), e.g. "000.00.01.G06". */
  organId: string;
  organName: string;
  organizationInCharge?: string | null;
}

/** Who at the sender handles the exchange (Bussiness/StaffInfo): the office clerk (văn thư) by default. */
export interface EdxmlStaff {
  department: string;
  name: string;
  email?: string | null;
  mobile?: string | null;
}

export interface EdxmlOptions {
  /** The sender; by default the issuing agency from the document's metadata. */
  from?: EdxmlParty;
  to: EdxmlParty[];
  now?: Date;
  /** OtherInfo/Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
  priority?: number;
  staff?: EdxmlStaff;
  /** DocumentType/Type; by default MINUTES_DOCUMENT_TYPE's (ARCHIVE_EDXML_DOCUMENT_TYPE). */
  documentType?: string;
}

const ELEMENT = 'edXML';

function element(name: string, content: string | readonly string[], indent: number): string {
  const pad = '  '.repeat(indent);
  if (typeof content === 'string') return `${pad}<${ELEMENT}:${name}>${xmlText(content)}</${ELEMENT}:${name}>`;
  if (content.length === 0) return `${pad}<${ELEMENT}:${name}/>`;
  return `${pad}<${ELEMENT}:${name}>\n${content.join('\n')}\n${pad}</${ELEMENT}:${name}>`;
}

const optional = (name: string, value: string | null | undefined, indent: number): string[] =>
  value ? [element(name, value, indent)] : [];

function party(name: string, p: EdxmlParty, indent: number): string {
  return element(
    name,
    [
      element('OrganId', p.organId, indent + 1),
      ...optional('OrganizationInCharge', p.organizationInCharge, indent + 1),
      element('OrganName', p.organName, indent + 1),
    ],
    indent,
  );
}

/** The file name the signed PDF travels under: "15-BB-VPB.pdf". */
export function attachmentName(document: ArchiveDocument): string {
  return `${slug(`${document.meta.number}-${document.meta.notation}`)}.pdf`;
}

/** A file the package carries: its bytes come in where its placeholder stands (edxmlStream.ts). */
export interface PackedFile {
  contentId: string;
  name: string;
  contentType: string;
  description: string;
  attachment: ArchiveAttachment;
  /** Text standing alone in the file's ContentTransferEncoded until its base64 is streamed in. */
  placeholder: string;
}

/** The package with each file's base64 as a placeholder, and the files in the order they appear. */
export interface EdxmlTemplate {
  xml: string;
  files: PackedFile[];
}

/** The signed PDF first, then the record's attachments; a recall carries none (it withdraws what was sent). */
function packedFiles(document: ArchiveDocument): PackedFile[] {
  if (document.meta.business?.kind === 'recall') return [];
  const meta = document.meta;
  const pdf: ArchiveAttachment = {
    name: attachmentName(document),
    contentType: 'application/pdf',
    description: `${meta.documentType} ${numberNotation(meta)}: ${meta.subject}`,
    data: document.pdf,
  };
  // Base64 and line breaks never hold this token, and base64 text canonicalises to itself: the placeholders split
  // the canonical form exactly where the files go.
  const run = randomBytes(12).toString('hex');
  return [pdf, ...(document.attachments ?? [])].map((a, i) => ({
    name: i === 0 ? a.name : attachmentFileName(i - 1, a.name),
    contentType: a.contentType,
    description: a.description,
    attachment: a,
    contentId: `cid:${i + 1}.${attachmentHash(a).slice(0, 16)}`,
    placeholder: `EDXMLFILE${i}X${run}`,
  }));
}

/** The sender's DocumentId for a document's metadata (the id status messages and follow-ups refer to). */
export function documentIdOf(document: ArchiveDocument, from?: EdxmlParty): string {
  const organId = from?.organId ?? document.meta.agencyCode ?? '';
  const meta = document.meta;
  return edxmlDocumentId(organId, meta.issuedOn, meta.number, meta.notation);
}

function business(document: ArchiveDocument, documentId: string, to: EdxmlParty[], staff: EdxmlStaff): string {
  const b = document.meta.business;
  const kind: BusinessKind = b?.kind ?? 'new';
  const reason = b?.reason?.trim() || BUSINESS_REASONS[kind];
  const info =
    kind === 'update'
      ? [element('BussinessDocumentInfo', [element('DocumentInfo', '1', 6), element('DocumentReceiver', '0', 6)], 5)]
      : [];
  const replacement =
    kind === 'replace'
      ? [
          element(
            'ReplacementInfoList',
            [
              element(
                'ReplacementInfo',
                [
                  element('DocumentId', b!.originalId, 7),
                  element(
                    'OrganIdList',
                    to.map((t) => element('OrganId', t.organId, 8)),
                    7,
                  ),
                ],
                6,
              ),
            ],
            5,
          ),
        ]
      : [];
  return element(
    'Bussiness',
    [
      element('BussinessDocType', BUSINESS_DOC_TYPES[kind], 5),
      element('BussinessDocReason', reason, 5),
      ...info,
      // The document the business applies to: itself when new, the original for a follow-up.
      element('DocumentId', b?.originalId ?? documentId, 5),
      element(
        'StaffInfo',
        [
          element('Department', staff.department, 6),
          element('Staff', staff.name, 6),
          ...optional('Mobile', staff.mobile, 6),
          ...optional('Email', staff.email, 6),
        ],
        5,
      ),
      element('Paper', '0', 5),
      ...replacement,
    ],
    4,
  );
}

/** The package as XML text, unsigned, each file's content a placeholder (edxmlStream.ts puts the files in). */
export function buildEdxmlTemplate(document: ArchiveDocument, options: EdxmlOptions): EdxmlTemplate {
  const meta = document.meta;
  const from: EdxmlParty = options.from ?? {
    organId: meta.agencyCode ?? '',
    organName: meta.agency,
    organizationInCharge: meta.parentAgency,
  };
  if (!from.organId) throw rejected('edXML needs the issuing agency code (mã định danh)');
  if (options.to.length === 0) throw rejected('edXML needs at least one receiving agency');
  for (const organ of [from, ...options.to]) {
    if (!ORGAN_ID.test(organ.organId)) {
      throw rejected(`"${organ.organId}" (${organ.organName}) is not a mã định danh of Decision 20/2020/QĐ-TTg`);
    }
  }
  if (meta.business && !meta.business.originalId) throw rejected('an edXML follow-up needs the original DocumentId');
  const now = options.now ?? new Date();
  const documentId = documentIdOf(document, from);
  const secretary = meta.signers.find((s) => s.competence === 'Thư ký') ?? meta.signers.at(-1);
  const staff = options.staff ?? { department: 'Văn thư', name: secretary?.name ?? meta.agency };
  const files = packedFiles(document);
  const places = meta.recipients?.length ? meta.recipients : options.to.map((t) => t.organName);

  const header = element(
    'MessageHeader',
    [
      party('From', from, 4),
      ...options.to.map((to) => party('To', to, 4)),
      element('Code', [element('CodeNumber', meta.number, 5), element('CodeNotation', meta.notation, 5)], 4),
      element(
        'PromulgationInfo',
        [element('Place', meta.place, 5), element('PromulgationDate', edxmlDate(meta.issuedOn), 5)],
        4,
      ),
      element(
        'DocumentType',
        [
          element('Type', options.documentType ?? MINUTES_DOCUMENT_TYPE.type, 5),
          element('TypeDetail', MINUTES_DOCUMENT_TYPE.typeDetail, 5),
          element('TypeName', meta.documentType || MINUTES_DOCUMENT_TYPE.typeName, 5),
        ],
        4,
      ),
      element('Subject', meta.subject, 4),
      ...meta.signers.map((s) =>
        element(
          'SignerInfo',
          [
            element('Competence', s.competence, 5),
            ...optional('Position', s.position, 5),
            element('FullName', s.name, 5),
          ],
          4,
        ),
      ),
      element(
        'ToPlaces',
        places.map((p) => element('Place', p, 5)),
        4,
      ),
      element(
        'OtherInfo',
        [
          element('Priority', String(options.priority ?? 0), 5),
          element('PromulgationAmount', '1', 5),
          element('PageAmount', String(Math.max(1, meta.pages)), 5),
        ],
        4,
      ),
      // 0: not a steering document — minutes record a meeting, they do not direct the receiver.
      element('SteeringType', '0', 4),
      element('DocumentId', documentId, 4),
    ],
    3,
  );
  const trace = element(
    'TraceHeaderList',
    [
      element('TraceHeader', [element('OrganId', from.organId, 5), element('Timestamp', edxmlTimestamp(now), 5)], 4),
      business(document, documentId, options.to, staff),
    ],
    3,
  );
  const manifest = `      <${ELEMENT}:edXMLManifest version="1.0">${files.length === 0 ? '' : '\n'}${files
    .map((f) =>
      element(
        'Reference',
        [
          element('ContentId', f.contentId, 5),
          element('ContentType', f.contentType, 5),
          element('Description', `${f.description} — SHA-256: ${attachmentHash(f.attachment)}`, 5),
          element('AttachmentName', f.name, 5),
        ],
        4,
      ),
    )
    .join('\n')}${files.length === 0 ? '' : '\n      '}</${ELEMENT}:edXMLManifest>`;
  const attachments = files.map((f) =>
    element(
      'Attachment',
      [
        element('ContentId', f.contentId, 3),
        element('AttachmentName', f.name, 3),
        element('Description', f.description, 3),
        element('ContentType', f.contentType, 3),
        // Base64 in lines of 76 characters, the placeholder standing for them (edxmlStream.ts).
        `      <${ELEMENT}:ContentTransferEncoded>\n${f.placeholder}\n      </${ELEMENT}:ContentTransferEncoded>`,
      ],
      2,
    ),
  );
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${ELEMENT}:edXML xmlns:${ELEMENT}="${EDXML_NAMESPACE}">`,
    element('edXMLEnvelope', [element('edXMLHeader', [header, trace], 2), element('edXMLBody', [manifest], 2)], 1),
    ...(attachments.length > 0 ? [element('AttachmentEncoded', attachments, 1)] : []),
    `</${ELEMENT}:edXML>`,
    '',
  ].join('\n');
  return { xml, files };
}

export interface EdxmlAttachment {
  contentId: string;
  name: string;
  contentType: string;
  /** The hash the manifest lists for it. */
  manifestSha256: string | null;
  data: Buffer;
}

/** What a package says about itself, read back (for the outbox's receipts, consumers and tests). */
export interface EdxmlPackageInfo {
  /** MessageHeader/DocumentId. */
  documentId: string;
  /** TraceHeader/Timestamp as written (yyyy/MM/dd HH:mm:ss). */
  timestamp: string;
  /** Bussiness/BussinessDocType and the DocumentId it refers to. */
  businessDocType: string;
  businessDocumentId: string;
  attachments: EdxmlAttachment[];
}

const childText = (parent: Element | Document, name: string): string =>
  parent.getElementsByTagNameNS(EDXML_NAMESPACE, name)[0]?.textContent?.trim() ?? '';

const first = (parent: Element | Document, name: string): Element | Document =>
  parent.getElementsByTagNameNS(EDXML_NAMESPACE, name)[0] ?? parent;

/** The manifest's files, in order, each by its ContentId with the hash it lists. */
function manifest(doc: Document): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const ref of Array.from(doc.getElementsByTagNameNS(EDXML_NAMESPACE, 'Reference'))) {
    const hash = /SHA-256: ([0-9a-f]{64})/.exec(childText(ref, 'Description'))?.[1];
    if (hash) hashes.set(childText(ref, 'ContentId'), hash);
  }
  return hashes;
}

/** The hashes the manifest lists, in order (the signed PDF's first); the package's attachments need not be there. */
export function readEdxmlManifest(xml: string): string[] {
  return [...manifest(new DOMParser().parseFromString(xml, 'text/xml')).values()];
}

export function readEdxmlPackage(xml: string): EdxmlPackageInfo {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const hashes = manifest(doc);
  const messageHeader = first(doc, 'MessageHeader');
  const header = Array.from(messageHeader.childNodes).find(
    (n): n is Element => n.nodeType === 1 && (n as Element).localName === 'DocumentId',
  );
  const businessElement = first(doc, 'Bussiness');
  return {
    documentId: header?.textContent?.trim() ?? '',
    timestamp: childText(first(doc, 'TraceHeader'), 'Timestamp'),
    businessDocType: childText(businessElement, 'BussinessDocType'),
    businessDocumentId: childText(businessElement, 'DocumentId'),
    attachments: Array.from(doc.getElementsByTagNameNS(EDXML_NAMESPACE, 'Attachment')).map((a) => {
      const contentId = childText(a, 'ContentId');
      return {
        contentId,
        name: childText(a, 'AttachmentName'),
        contentType: childText(a, 'ContentType'),
        manifestSha256: hashes.get(contentId) ?? null,
        data: Buffer.from(childText(a, 'ContentTransferEncoded').replace(/\s+/g, ''), 'base64'),
      };
    }),
  };
}

/** The attachments of a package with their bytes and the hashes its manifest gives. */
export function readEdxmlAttachments(xml: string): EdxmlAttachment[] {
  return readEdxmlPackage(xml).attachments;
}
