// The parts of the record the editor shows one at a time, first half: general information (the header of the form),
// attendance, one agenda item (presentation, opinions, conclusions) and the chair's conclusions; the decisions,
// action items and recipients are in outcomeParts.tsx. Everything edits the Yjs document directly.
import type * as Y from 'yjs';
import {
  HEADER_FIELDS,
  addAttendee,
  addOpinion,
  minutesRoot,
  removeOpinion,
  removeRecord,
  setField,
  type HeaderField,
  type YRecord,
} from '../../../common/minutesDoc.ts';
import { roman } from '../../../common/minutes.ts';
import { YInput, YTextArea } from './fields.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import type { Translate } from './minutesErrors.ts';
import type { MinutesAwareness } from './useMinutesDoc.ts';

export interface PartProps {
  doc: Y.Doc;
  t: Translate;
  readOnly: boolean;
  /** Others' awareness, for the name tags beside the fields they are in. */
  editors: MinutesAwareness[];
  onFocusField(field: string | null): void;
}

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** ISO instant → the value of a datetime-local input in Vietnam time. */
export function isoToLocal(iso: string): string {
  const time = Date.parse(iso);
  if (!iso || Number.isNaN(time)) return '';
  return new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

/** A datetime-local value read as Vietnam time → ISO instant. */
export function localToIso(value: string): string {
  if (!value) return '';
  const time = Date.parse(`${value}:00+07:00`);
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
}

export const at = (editors: MinutesAwareness[], field: string) => editors.filter((e) => e.field === field);

export const str = (map: YRecord, key: string) => {
  const v = map.get(key);
  return typeof v === 'string' ? v : '';
};

/** Clock time of an ISO instant in Vietnam time, "09:15". */
export function clock(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(11, 16);
}

const WIDE: readonly HeaderField[] = ['meetingTitle', 'venue', 'agency', 'parentAgency'];

export function HeaderPart({ doc, t, readOnly, editors, onFocusField }: PartProps) {
  const header = minutesRoot(doc).header;
  return (
    <section className="mn-part">
      <h2 className="mn-part-title">{t('minutes.nav.header')}</h2>
      <div className="mn-grid">
        {HEADER_FIELDS.map((name) => {
          const field = `header.${name}`;
          const dated = name === 'startedAt' || name === 'endedAt';
          return (
            <YInput
              key={name}
              map={header}
              name={name}
              field={field}
              label={t(`minutes.${field}` as MessageKey)}
              readOnly={readOnly}
              type={dated ? 'datetime-local' : name === 'date' ? 'date' : 'text'}
              toDisplay={dated ? isoToLocal : undefined}
              fromDisplay={dated ? localToIso : undefined}
              hint={name === 'endedAt' ? t('minutes.endedAtHint') : undefined}
              className={WIDE.includes(name) ? 'mn-wide' : undefined}
              testId={`minutes-header-${name}`}
              editors={at(editors, field)}
              onFocusField={onFocusField}
            />
          );
        })}
      </div>
    </section>
  );
}

export function AttendancePart({
  doc,
  t,
  readOnly,
  editors,
  onFocusField,
  onRefresh,
}: PartProps & { onRefresh(): void }) {
  const list = minutesRoot(doc).attendance;
  const rows = list.toArray();
  const present = rows.filter((r) => r.get('present') === true).length;
  return (
    <section className="mn-part">
      <div className="mn-part-head">
        <h2 className="mn-part-title">{t('minutes.nav.attendance')}</h2>
        <span className="mn-count">{t('minutes.attendance.count', { present, total: rows.length })}</span>
        {!readOnly && (
          <>
            <button type="button" className="btn btn-secondary btn-sm" onClick={onRefresh}>
              {t('minutes.attendance.refresh')}
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              onClick={() => addAttendee(doc, { name: '', role: 'delegate' })}
            >
              {t('minutes.attendance.add')}
            </button>
          </>
        )}
      </div>
      <table className="mn-table" data-testid="minutes-attendance">
        <thead>
          <tr>
            <th>{t('minutes.attendance.name')}</th>
            <th>{t('minutes.attendance.position')}</th>
            <th>{t('minutes.attendance.unit')}</th>
            <th>{t('minutes.attendance.point')}</th>
            <th className="mn-center">{t('minutes.attendance.present')}</th>
            <th>{t('minutes.attendance.note')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const id = str(row, 'id');
            const cell = (name: string) => (
              <td>
                <YInput
                  map={row}
                  name={name}
                  field={`attendance.${id}.${name}`}
                  readOnly={readOnly}
                  editors={at(editors, `attendance.${id}.${name}`)}
                  onFocusField={onFocusField}
                />
              </td>
            );
            return (
              <tr key={id}>
                {cell('name')}
                {cell('position')}
                {cell('unit')}
                {cell('connectionPoint')}
                <td className="mn-center">
                  <input
                    type="checkbox"
                    checked={row.get('present') === true}
                    disabled={readOnly}
                    aria-label={t('minutes.attendance.present')}
                    onChange={(e) => setField(row, 'present', e.currentTarget.checked)}
                  />
                </td>
                {cell('note')}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function SectionPart({
  doc,
  t,
  readOnly,
  editors,
  onFocusField,
  section,
  index,
}: PartProps & { section: YRecord; index: number }) {
  const id = str(section, 'id');
  const opinions = (section.get('opinions') as Y.Array<YRecord>).toArray();
  const f = (name: string) => `section.${id}.${name}`;
  return (
    <section className="mn-part" data-section={id}>
      <div className="mn-part-head">
        <span className="mn-roman">{roman(index + 1)}.</span>
        <YInput
          map={section}
          name="title"
          field={f('title')}
          readOnly={readOnly}
          className="mn-title-input"
          editors={at(editors, f('title'))}
          onFocusField={onFocusField}
        />
      </div>
      <YInput
        map={section}
        name="presenter"
        field={f('presenter')}
        label={t('minutes.section.presenter')}
        readOnly={readOnly}
        editors={at(editors, f('presenter'))}
        onFocusField={onFocusField}
      />
      <YTextArea
        text={section.get('discussion') as Y.Text}
        field={f('discussion')}
        label={t('minutes.section.discussion')}
        placeholder={t('minutes.section.discussionHint')}
        readOnly={readOnly}
        rows={6}
        testId="minutes-editor"
        className="mn-main-text"
        editors={at(editors, f('discussion'))}
        onFocusField={onFocusField}
      />
      <div className="mn-subhead">
        <h3>{t('minutes.section.opinions')}</h3>
        {!readOnly && (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            onClick={() => addOpinion(doc, id, { speaker: '', at: new Date().toISOString() })}
          >
            {t('minutes.section.addOpinion')}
          </button>
        )}
      </div>
      {opinions.map((opinion) => {
        const oid = str(opinion, 'id');
        const g = (name: string) => `opinion.${oid}.${name}`;
        return (
          <div className="mn-opinion" key={oid}>
            <div className="mn-opinion-head">
              <span className="mn-time">{clock(str(opinion, 'at') || null)}</span>
              <YInput
                map={opinion}
                name="speaker"
                field={g('speaker')}
                placeholder={t('minutes.section.speaker')}
                readOnly={readOnly}
                editors={at(editors, g('speaker'))}
                onFocusField={onFocusField}
              />
              <YInput
                map={opinion}
                name="position"
                field={g('position')}
                placeholder={t('minutes.section.speakerPosition')}
                readOnly={readOnly}
                editors={at(editors, g('position'))}
                onFocusField={onFocusField}
              />
              {!readOnly && (
                <button type="button" className="mn-link" onClick={() => removeOpinion(doc, oid)}>
                  {t('minutes.remove')}
                </button>
              )}
            </div>
            <YTextArea
              text={opinion.get('content') as Y.Text}
              field={g('content')}
              placeholder={t('minutes.section.opinion')}
              readOnly={readOnly}
              rows={2}
              editors={at(editors, g('content'))}
              onFocusField={onFocusField}
            />
          </div>
        );
      })}
      <YTextArea
        text={section.get('conclusions') as Y.Text}
        field={f('conclusions')}
        label={t('minutes.section.conclusions')}
        readOnly={readOnly}
        rows={3}
        editors={at(editors, f('conclusions'))}
        onFocusField={onFocusField}
      />
      {!readOnly && !str(section, 'agendaItemId') && (
        <button type="button" className="mn-link mn-danger" onClick={() => removeRecord(doc, 'sections', id)}>
          {t('minutes.section.remove')}
        </button>
      )}
    </section>
  );
}

export function ConclusionsPart({ doc, t, readOnly, editors, onFocusField }: PartProps) {
  return (
    <section className="mn-part">
      <h2 className="mn-part-title">{t('minutes.nav.conclusions')}</h2>
      <YTextArea
        text={minutesRoot(doc).conclusions}
        field="conclusions"
        placeholder={t('minutes.conclusionsHint')}
        readOnly={readOnly}
        rows={10}
        className="mn-main-text"
        editors={at(editors, 'conclusions')}
        onFocusField={onFocusField}
      />
    </section>
  );
}
