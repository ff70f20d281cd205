// "Export my annotated copy": the PDF with the marks this participant sees (shared and private) flattened into its
// pages with pdf-lib, in the browser; nothing leaves the machine. Notes become a small coloured square (the
// standard PDF fonts cannot write Vietnamese; the note text stays in the app).
import { PDFDocument, rgb, type RGB } from 'pdf-lib';
import type { Mark } from './annotationModel.ts';
import { pathOf } from './annotationModel.ts';

export function cssColor(color: string): RGB {
  const hsl = /^hsl\(\s*([\d.]+),\s*([\d.]+)%,\s*([\d.]+)%\s*\)$/.exec(color);
  if (hsl) {
    const [h, s, l] = [Number(hsl[1]) / 360, Number(hsl[2]) / 100, Number(hsl[3]) / 100];
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    const channel = (t: number) => {
      const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
      if (u < 1 / 6) return p + (q - p) * 6 * u;
      if (u < 1 / 2) return q;
      if (u < 2 / 3) return p + (q - p) * (2 / 3 - u) * 6;
      return p;
    };
    return rgb(channel(h + 1 / 3), channel(h), channel(h - 1 / 3));
  }
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) {
    const n = Number.parseInt(hex[1]!, 16);
    return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
  }
  return rgb(0.8, 0, 0);
}

export async function exportAnnotated(bytes: Uint8Array, marks: Mark[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  const pages = pdf.getPages();
  for (const mark of marks) {
    const page = pages[mark.page - 1];
    if (!page) continue;
    const { width: w, height: h } = page.getSize();
    const color = cssColor(mark.color);
    const p = mark.points;
    const thickness = Math.max(0.5, mark.width * w);
    const opacity = mark.kind === 'highlighter' ? 0.35 : 1;
    if (mark.kind === 'rect' || mark.kind === 'ellipse') {
      const [x0, y0, x1, y1] = [
        Math.min(p[0]!, p[2]!) * w,
        Math.min(p[1]!, p[3]!) * h,
        Math.max(p[0]!, p[2]!) * w,
        Math.max(p[1]!, p[3]!) * h,
      ];
      if (mark.kind === 'rect') {
        page.drawRectangle({
          x: x0,
          y: h - y1,
          width: x1 - x0,
          height: y1 - y0,
          borderColor: color,
          borderWidth: thickness,
        });
      } else {
        page.drawEllipse({
          x: (x0 + x1) / 2,
          y: h - (y0 + y1) / 2,
          xScale: (x1 - x0) / 2,
          yScale: (y1 - y0) / 2,
          borderColor: color,
          borderWidth: thickness,
        });
      }
    } else if (mark.kind === 'note') {
      page.drawRectangle({ x: p[0]! * w - 6, y: h - p[1]! * h - 6, width: 12, height: 12, color });
    } else if (p.length >= 4) {
      // drawSvgPath takes y downwards from (x, y), like the SVG the viewer draws.
      page.drawSvgPath(pathOf(p, w, h), {
        x: 0,
        y: h,
        borderColor: color,
        borderWidth: thickness,
        borderOpacity: opacity,
      });
    }
  }
  return pdf.save();
}
