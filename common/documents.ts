// Agenda documents and their annotation layers as the protocol carries them: document metadata and versions, the
// address of a synchronised annotation document, the presenter's follow-me state and the awareness state shape.
// Types and small pure helpers only; the server stores and checks, the renderer draws.

/** What the server noticed about an accepted PDF; none of these refuses the upload. */
export const DOCUMENT_FLAGS = [
  /** The file is encrypted (a password may be needed: see `passwordRequired`). */
  'encrypted',
  /** Document, page or annotation actions contain JavaScript. pdf.js runs without scripting: it stays inert. */
  'javascript',
  /** Files are attached inside the PDF; the viewer does not open them. */
  'attachments',
  /** Actions that would launch programs, submit forms or open URIs outside the viewer. */
  'external_actions',
  /** An XFA form: pdf.js shows the static fallback, if there is one. */
  'xfa',
  /** The cross-reference table was damaged; pdf.js rebuilt it (the document opened). */
  'xref_repaired',
] as const;
export type DocumentFlag = (typeof DOCUMENT_FLAGS)[number];

export interface DocumentVersionInfo {
  version: number;
  /** Hex SHA-256 of the bytes: the blob's name, the download's ETag. */
  sha256: string;
  size: number;
  fileName: string;
  /** null when the PDF needs a password to be read (the server cannot count without it). */
  pageCount: number | null;
  /** The client must ask the user for a password before pdf.js can open it. */
  passwordRequired: boolean;
  flags: DocumentFlag[];
  uploadedBy: string;
  uploadedByName: string;
  uploadedAt: string;
}

export interface DocumentInfo {
  id: string;
  meetingId: string;
  agendaItemId: string;
  title: string;
  /** Order within the agenda item. */
  position: number;
  createdAt: string;
  /** Oldest first; the last one is current. */
  versions: DocumentVersionInfo[];
}

export function currentVersion(document: DocumentInfo): DocumentVersionInfo {
  const latest = document.versions[document.versions.length - 1];
  if (!latest) throw new Error(`document ${document.id} has no version`);
  return latest;
}

/** The upload limits a server enforces (configurable; sent to clients so they can refuse early). */
export interface DocumentLimits {
  maxBytes: number;
  maxPages: number;
}

export const ANNOTATION_LAYERS = ['shared', 'private'] as const;
/** `shared`: every participant; `private`: only the owner's own connections ever receive it. */
export type AnnotationLayer = (typeof ANNOTATION_LAYERS)[number];

/**
 * Names one synchronised Yjs document: the annotations of one layer of one version of an agenda document in the
 * caller's meeting. A private layer's owner is always the caller; naming anyone else is refused.
 */
export interface DocRef {
  documentId: string;
  version: number;
  layer: AnnotationLayer;
  /** Only for `private`, and only the caller's own participant id; may be left out. */
  owner?: string;
}

/** The minutes of the caller's meeting: one Yjs document per meeting (common/minutesDoc.ts), same sync as above. */
export interface MinutesDocRef {
  layer: 'minutes';
}

/** Any synchronised Yjs document: an annotation layer, or the meeting's minutes. */
export type SyncRef = DocRef | MinutesDocRef;

export function isMinutesRef(ref: SyncRef): ref is MinutesDocRef {
  return ref.layer === 'minutes';
}

/** A stable key for a DocRef on the client (maps of open Y.Docs). */
export function docRefKey(ref: SyncRef): string {
  if (isMinutesRef(ref)) return 'minutes';
  return `${ref.documentId}@${ref.version}/${ref.layer}`;
}

/** Where the presenter is. Page-relative scroll lets followers with other window sizes show the same spot. */
export interface PresenterView {
  documentId: string;
  version: number;
  /** 1-based page number. */
  page: number;
  /** Scale factor (1 = 100 %), used when `fit` is null. */
  zoom: number;
  fit: 'width' | 'page' | null;
  /** The viewport's top-left corner as a fraction (0..1) of the page's width and height. */
  scrollX: number;
  scrollY: number;
}

export interface PresenterState {
  /** The participant who presents; null when nobody does. */
  presenterId: string | null;
  presenterName: string | null;
  view: PresenterView | null;
  /** Increases with every change, so a client can drop an older state that arrives late. */
  seq: number;
  updatedAt: string;
}

/**
 * The awareness state a client publishes on a shared layer (y-protocols awareness, relayed by the server and never
 * stored). Coordinates are fractions (0..1) of the page, so they land on the same spot at any zoom.
 */
export interface AnnotationAwarenessState {
  user: { peerId: string; name: string; color: string };
  cursor: { page: number; x: number; y: number } | null;
  laser: { page: number; x: number; y: number } | null;
}

/** An author colour from a participant id: the same person has the same colour on every client. */
export function authorColor(participantId: string): string {
  let hash = 0;
  for (const ch of participantId) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `hsl(${hash % 360}, 70%, 42%)`;
}

/** Size limits of sync messages: an update (a batch of strokes) and an awareness state. */
export const MAX_SYNC_UPDATE_BYTES = 256 * 1024;
export const MAX_AWARENESS_BYTES = 8 * 1024;

/**
 * Binary fields travel as socket.io attachments: a sender passes a Uint8Array; a receiver gets a Buffer in Node and
 * an ArrayBuffer in browsers. `toBytes` gives a Uint8Array either way.
 */
export type Binary = Uint8Array | ArrayBuffer;

export function toBytes(value: Binary): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}
