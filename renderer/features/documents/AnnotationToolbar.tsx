// The annotation toolbar of the document stage: the drawing tools, undo and redo of this participant's own drawing,
// the layer drawn on (shared with everyone or private), showing or hiding others' marks, and exporting a copy of
// the PDF with the marks this participant sees.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { currentVersion, type AnnotationLayer as LayerName, type DocumentInfo } from '../../../common/documents.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import type { Tool } from './AnnotationLayer.tsx';
import { marksOf } from './annotationModel.ts';
import { exportAnnotated } from './exportAnnotated.ts';
import type { AnnotationLayers } from './useAnnotationLayers.ts';

export interface DrawingChoice {
  tool: Tool;
  layer: LayerName;
  showOthers: boolean;
}

const TOOLS: { tool: Tool; key: MessageKey; icon: string; testId?: string }[] = [
  { tool: 'none', key: 'documents.toolNone', icon: 'I' },
  { tool: 'pen', key: 'documents.toolPen', icon: '✎', testId: 'tool-pen' },
  { tool: 'highlighter', key: 'documents.toolHighlighter', icon: '▮', testId: 'tool-highlighter' },
  { tool: 'line', key: 'documents.toolLine', icon: '╱' },
  { tool: 'arrow', key: 'documents.toolArrow', icon: '↗' },
  { tool: 'rect', key: 'documents.toolRect', icon: '▭' },
  { tool: 'ellipse', key: 'documents.toolEllipse', icon: '◯' },
  { tool: 'note', key: 'documents.toolNote', icon: '✉' },
  { tool: 'eraser', key: 'documents.toolEraser', icon: '⌫', testId: 'tool-eraser' },
  { tool: 'select', key: 'documents.toolSelect', icon: '✥' },
  { tool: 'laser', key: 'documents.toolLaser', icon: '◉' },
];

async function exportCopy(
  pdf: PDFDocumentProxy,
  layers: AnnotationLayers,
  shown: DocumentInfo,
  showOthers: boolean,
  selfId: string | null,
) {
  const marks = [
    ...[...marksOf(layers.shared.sync.doc).values()].filter((m) => showOthers || m.author === selfId),
    ...marksOf(layers.private.sync.doc).values(),
  ];
  const bytes = await exportAnnotated(await pdf.getData(), marks);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = currentVersion(shown).fileName.replace(/\.pdf$/i, '') + ' (ghi chú).pdf';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AnnotationToolbar({
  drawing,
  onDrawing,
  layers,
  pdf,
  shown,
  selfId,
}: {
  drawing: DrawingChoice;
  onDrawing(change: Partial<DrawingChoice>): void;
  layers: AnnotationLayers | null;
  pdf: PDFDocumentProxy | null;
  shown: DocumentInfo | null;
  selfId: string | null;
}) {
  const { t } = useI18n();
  const { tool, layer, showOthers } = drawing;
  const own = layers?.layer(layer);
  return (
    <div className="doc-bar doc-bar--tools">
      {TOOLS.map(({ tool: choice, key, icon, testId }) => (
        <button
          key={choice}
          type="button"
          className={`doc-tool${tool === choice ? ' doc-btn--on' : ''}`}
          data-testid={testId}
          aria-pressed={tool === choice}
          title={t(key)}
          onClick={() => onDrawing({ tool: choice })}
        >
          {icon}
        </button>
      ))}
      <span className="doc-sep" />
      <button
        type="button"
        className="doc-btn"
        title={t('documents.undo')}
        data-testid="undo"
        onClick={() => {
          own?.undo.undo();
          own?.sync.flush();
        }}
      >
        ↶
      </button>
      <button
        type="button"
        className="doc-btn"
        title={t('documents.redo')}
        data-testid="redo"
        onClick={() => {
          own?.undo.redo();
          own?.sync.flush();
        }}
      >
        ↷
      </button>
      <button
        type="button"
        className={`doc-btn doc-layer doc-layer--${layer}`}
        data-testid="layer-toggle"
        data-layer={layer}
        title={t('documents.layerHint')}
        onClick={() => onDrawing({ layer: layer === 'shared' ? 'private' : 'shared' })}
      >
        {layer === 'shared' ? t('documents.layerShared') : t('documents.layerPrivate')}
      </button>
      <label className="doc-check">
        <input
          type="checkbox"
          checked={showOthers}
          onChange={(e) => onDrawing({ showOthers: e.target.checked })}
          data-testid="show-others"
        />
        {t('documents.showOthers')}
      </label>
      <button
        type="button"
        className="doc-btn"
        data-testid="export-annotated"
        onClick={() => pdf && layers && shown && void exportCopy(pdf, layers, shown, showOthers, selfId)}
        disabled={!pdf}
      >
        {t('documents.export')}
      </button>
    </div>
  );
}
