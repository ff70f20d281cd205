// The meeting record as a sequence of layout-neutral blocks, in the order and wording of a biên bản under
// Decree 30/2020/NĐ-CP. The PDF and DOCX writers both render these blocks, so the two exports say the same thing.
import { roman, type AttendanceEntry, type Minutes, type MinutesPerson } from '../../common/minutes.ts';
import {
  clockTime,
  longDate,
  numberLine,
  placeAndDate,
  sameVietnamDay,
  shortDate,
  timeAndDate,
  upper,
  voteSummary,
} from './format.ts';

export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type SignerField = 'secretary' | 'chair';

export type Block =
  | {
      kind: 'letterhead';
      parentAgency: string | null;
      agency: string;
      numberLine: string;
      nationalTitle: string;
      motto: string;
      placeDate: string;
      /** "DỰ THẢO" while the record is not final. */
      draftMark: string | null;
    }
  | { kind: 'title'; documentType: string; summary: string }
  /** A body paragraph, justified with a first-line indent unless `list` (a "- " item, hanging). */
  | { kind: 'paragraph'; runs: Inline[]; list?: boolean; keepWithNext?: boolean }
  /** A part heading ("I. …", bold) or a labelled sub-heading ("Ý kiến phát biểu:", bold italic). */
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][] }
  | { kind: 'signatures'; signers: SignatureSlot[] }
  | { kind: 'recipients'; lines: string[] };

export interface TableColumn {
  title: string;
  /** Share of the text width. */
  width: number;
  align: 'left' | 'center';
}

export interface SignatureSlot {
  field: SignerField;
  title: string;
  name: string;
}

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const DOCUMENT_TYPE = 'BIÊN BẢN';

/** Every string in the model, NFC-normalised, so that glyph lookup sees precomposed Vietnamese letters. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

function person(p: MinutesPerson): string {
  return p.position ? `${p.name}, ${p.position}` : p.name;
}

function describe(entry: AttendanceEntry): string {
  const parts = [entry.name, entry.position, entry.unit].filter((s): s is string => !!s && s.trim() !== '');
  return parts.join(', ');
}

/** Paragraphs of free text: blank lines separate paragraphs; single line breaks also start a new one. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

function attendanceBlocks(minutes: Minutes): Block[] {
  const blocks: Block[] = [{ kind: 'paragraph', runs: [{ text: 'Thành phần tham dự:' }], keepWithNext: true }];
  const present = minutes.attendance.filter((a) => a.present && a.role !== 'chair' && a.role !== 'secretary');
  // Online meetings list people by connection point (điểm cầu); others as one list.
  const groups = new Map<string, AttendanceEntry[]>();
  for (const entry of present) {
    const key = entry.connectionPoint ?? '';
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const grouped = groups.size > 1 || !groups.has('');
  for (const [point, entries] of groups) {
    const names = entries.map(describe);
    if (grouped && point !== '') {
      blocks.push({ kind: 'paragraph', list: true, runs: [{ text: `- ${point}: ${names.join('; ')}.` }] });
    } else {
      for (const name of names) blocks.push({ kind: 'paragraph', list: true, runs: [{ text: `- ${name}.` }] });
    }
  }
  const total = minutes.attendance.length;
  const here = minutes.attendance.filter((a) => a.present).length;
  const absent = minutes.attendance.filter((a) => !a.present);
  let count = `Số người có mặt: ${here}/${total}`;
  if (absent.length > 0) {
    const who = absent.map((a) => (a.note ? `${a.name} (${a.note})` : a.name)).join('; ');
    count += `; vắng mặt: ${absent.length} (${who})`;
  }
  blocks.push({ kind: 'paragraph', runs: [{ text: `${count}.` }] });
  return blocks;
}

/** The blocks of the record, top to bottom. */
export function minutesBlocks(minutes: Minutes): Block[] {
  const h = minutes.header;
  const state = minutes.lifecycle.state;
  const blocks: Block[] = [
    {
      kind: 'letterhead',
      parentAgency: h.parentAgency ? upper(h.parentAgency) : null,
      agency: upper(h.agency),
      numberLine: numberLine(h),
      nationalTitle: NATIONAL_TITLE,
      motto: MOTTO,
      placeDate: placeAndDate(h),
      draftMark: state === 'draft' || state === 'review' ? 'DỰ THẢO' : null,
    },
    { kind: 'title', documentType: DOCUMENT_TYPE, summary: h.meetingTitle },
    { kind: 'paragraph', runs: [{ text: `Thời gian bắt đầu: ${timeAndDate(h.startedAt)}.` }] },
    { kind: 'paragraph', runs: [{ text: `Địa điểm: ${h.venue}.` }] },
    { kind: 'paragraph', runs: [{ text: `Chủ trì: đồng chí ${person(h.chair)}.` }] },
    { kind: 'paragraph', runs: [{ text: `Thư ký: đồng chí ${person(h.secretary)}.` }] },
    ...attendanceBlocks(minutes),
    { kind: 'paragraph', runs: [{ text: 'Nội dung cuộc họp:' }], keepWithNext: true },
  ];

  let part = 0;
  for (const section of minutes.sections) {
    blocks.push({ kind: 'heading', level: 1, text: `${roman(++part)}. ${section.title}` });
    if (section.presenter) {
      blocks.push({
        kind: 'paragraph',
        runs: [{ text: 'Trình bày: ', italic: true }, { text: `${section.presenter}.` }],
      });
    }
    for (const p of paragraphs(section.discussion)) blocks.push({ kind: 'paragraph', runs: [{ text: p }] });
    if (section.opinions.length > 0) {
      blocks.push({ kind: 'heading', level: 2, text: 'Ý kiến phát biểu:' });
      for (const opinion of section.opinions) {
        const who = opinion.position
          ? `Đồng chí ${opinion.speaker}, ${opinion.position}`
          : `Đồng chí ${opinion.speaker}`;
        const when = opinion.at ? ` (${clockTime(opinion.at)})` : '';
        const [first = '', ...rest] = paragraphs(opinion.content);
        blocks.push({ kind: 'paragraph', runs: [{ text: `- ${who}${when}: `, bold: true }, { text: first }] });
        for (const p of rest) blocks.push({ kind: 'paragraph', runs: [{ text: p }] });
      }
    }
    const conclusions = paragraphs(section.conclusions);
    if (conclusions.length > 0) {
      blocks.push({ kind: 'heading', level: 2, text: 'Kết luận:' });
      for (const p of conclusions) blocks.push({ kind: 'paragraph', runs: [{ text: p }] });
    }
  }

  const general = paragraphs(minutes.conclusions);
  if (general.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: `${roman(++part)}. Kết luận của chủ trì` });
    for (const p of general) blocks.push({ kind: 'paragraph', runs: [{ text: p }] });
  }

  if (minutes.decisions.length > 0) {
    blocks.push({
      kind: 'heading',
      level: 1,
      text: `${roman(++part)}. Các nội dung đã quyết định và kết quả biểu quyết`,
    });
    minutes.decisions.forEach((decision, i) => {
      blocks.push({ kind: 'paragraph', runs: [{ text: `${i + 1}. ${decision.text.trim()}` }] });
      if (decision.vote) blocks.push({ kind: 'paragraph', runs: [{ text: voteSummary(decision.vote), italic: true }] });
    });
  }

  if (minutes.actionItems.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: `${roman(++part)}. Phân công thực hiện` });
    blocks.push({
      kind: 'table',
      columns: [
        { title: 'TT', width: 0.08, align: 'center' },
        { title: 'Nội dung công việc', width: 0.5, align: 'left' },
        { title: 'Đơn vị, cá nhân thực hiện', width: 0.26, align: 'left' },
        { title: 'Thời hạn', width: 0.16, align: 'center' },
      ],
      rows: minutes.actionItems.map((item, i) => [
        String(i + 1),
        item.task,
        item.owner,
        item.dueDate ? shortDate(item.dueDate) : '',
      ]),
    });
  }

  if (h.endedAt) {
    const end = sameVietnamDay(h.startedAt, h.endedAt) ? `${clockTime(h.endedAt)} cùng ngày` : timeAndDate(h.endedAt);
    blocks.push({ kind: 'paragraph', runs: [{ text: `Cuộc họp kết thúc vào hồi ${end}./.` }], keepWithNext: true });
  }
  blocks.push({
    kind: 'signatures',
    signers: [
      { field: 'secretary', title: 'THƯ KÝ', name: h.secretary.name },
      { field: 'chair', title: 'CHỦ TRÌ', name: h.chair.name },
    ],
  });
  if (minutes.recipients.length > 0) {
    blocks.push({
      kind: 'recipients',
      lines: minutes.recipients.map((r, i) => `- ${r}${i === minutes.recipients.length - 1 ? '.' : ';'}`),
    });
  }
  return normalizeBlocks(blocks);
}

/** NFC throughout: the editor may hand us decomposed diacritics (e.g. pasted from macOS). */
function normalizeBlocks(blocks: Block[]): Block[] {
  return JSON.parse(nfc(JSON.stringify(blocks))) as Block[];
}

/** For the edXML envelope and archive metadata: the promulgation date in words. */
export function issuedOn(minutes: Minutes): string {
  return longDate(minutes.header.date);
}
