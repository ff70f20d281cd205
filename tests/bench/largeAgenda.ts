// Generates the benchmark's large agenda: by default 200 pages and about 50 MB, each page with a heading,
// Vietnamese paragraphs and a photo-like image (gradient + noise, so it does not compress away). Made at bench time,
// never committed. As a module: `largeAgenda({ pages, megabytes })`; as a command, it writes a file and prints JSON:
//   tsx tests/bench/largeAgenda.ts [out.pdf] [--pages 200] [--mb 50]
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgendaPdfWriter } from '../../server/documents/samples/AgendaPdfWriter.ts';

export interface LargeAgendaOptions {
  pages?: number;
  /** Approximate size of the file; the images make up almost all of it. */
  megabytes?: number;
  /** zlib level for the images (0 = stored; faster to generate, same size since noise does not compress). */
  imageCompression?: number;
}

const PARAGRAPHS = [
  'Thực hiện Nghị quyết của Chính phủ về những nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - ' +
    'xã hội và dự toán ngân sách nhà nước, các bộ, ngành, địa phương đã tập trung chỉ đạo, điều hành quyết liệt, ' +
    'linh hoạt, bám sát tình hình thực tiễn, kịp thời tháo gỡ khó khăn, vướng mắc cho người dân và doanh nghiệp.',
  'Công tác cải cách hành chính tiếp tục được đẩy mạnh; việc cung cấp dịch vụ công trực tuyến toàn trình được mở ' +
    'rộng; hạ tầng số, nền tảng số và dữ liệu số được quan tâm đầu tư, từng bước hình thành Chính phủ số, kinh tế ' +
    'số và xã hội số. Tuy nhiên, một số nhiệm vụ còn chậm so với yêu cầu, cần tiếp tục đôn đốc, kiểm tra.',
  'Đề nghị các đồng chí đại biểu nghiên cứu kỹ tài liệu, chuẩn bị ý kiến phát biểu tập trung vào những vấn đề ' +
    'còn khó khăn, vướng mắc, đề xuất giải pháp cụ thể, khả thi; ý kiến bằng văn bản gửi về Văn phòng Bộ trước ' +
    'ngày họp để tổng hợp, báo cáo Lãnh đạo Bộ.',
];

/** Deterministic pseudo-random bytes: the same file every run. */
function photo(width: number, height: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const noise = (s >>> 0) & 0x3f;
      const i = (y * width + x) * 3;
      bytes[i] = ((x * 255) / width + noise) & 0xff;
      bytes[i + 1] = ((y * 255) / height + (noise >> 1)) & 0xff;
      bytes[i + 2] = (((x + y) * 128) / (width + height) + 64 + (noise >> 2)) & 0xff;
    }
  }
  return bytes;
}

export async function largeAgenda(options: LargeAgendaOptions = {}): Promise<Uint8Array> {
  const pages = options.pages ?? 200;
  const megabytes = options.megabytes ?? 50;
  const level = options.imageCompression ?? 0;
  const title = 'Tài liệu Hội nghị tổng kết công tác năm (bản đầy đủ kèm phụ lục hình ảnh)';
  const w = await AgendaPdfWriter.create({ title, author: 'Văn phòng Bộ', runningHead: title });
  // One image a page; its side chosen so that all images together come to the requested size.
  const perImage = (megabytes * 1024 * 1024) / pages;
  const side = Math.max(16, Math.floor(Math.sqrt(perImage / 3)));
  for (let n = 1; n <= pages; n++) {
    if (n > 1) w.newPage();
    w.heading(`Phần ${n}. Báo cáo chuyên đề số ${n} của các đơn vị, địa phương`);
    for (const text of PARAGRAPHS) w.paragraph(text, 'regular', 12);
    w.image(photo(side, side, n * 2654435761), side, side, 300, `Hình ${n}. Ảnh tư liệu hoạt động của đơn vị`, level);
    w.paragraph(PARAGRAPHS[n % PARAGRAPHS.length]!, 'italic', 12);
  }
  return w.save();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const out =
    args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? join(tmpdir(), 'agenda-200.pdf');
  const started = performance.now();
  const bytes = await largeAgenda({ pages: flag('--pages', 200), megabytes: flag('--mb', 50) });
  writeFileSync(out, bytes);
  console.log(
    JSON.stringify({
      path: out,
      bytes: bytes.byteLength,
      pages: flag('--pages', 200),
      ms: Math.round(performance.now() - started),
    }),
  );
}
