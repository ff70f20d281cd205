// The parts of the record that say what the meeting decided: decisions with their vote results, action items with
// owners and due dates, and the recipients of the record. Everything edits the Yjs document directly.
import type * as Y from 'yjs';
import {
  addActionItem,
  addDecision,
  minutesRoot,
  removeRecord,
  setField,
  type YRecord,
} from '../../../common/minutesDoc.ts';
import { roman, type VoteResult } from '../../../common/minutes.ts';
import { YInput, YTextArea } from './fields.tsx';
import { at, str, type PartProps } from './parts.tsx';

/** "12/14 tán thành · 1 không tán thành · 1 không biểu quyết — thông qua". */
export function voteLine(vote: VoteResult): string {
  const kind = vote.kind === 'secret' ? 'Bỏ phiếu kín' : 'Biểu quyết công khai';
  return `${kind}: ${vote.yes}/${vote.eligible} tán thành · ${vote.no} không tán thành · ${vote.abstain} không biểu quyết — ${
    vote.passed ? 'thông qua' : 'không thông qua'
  }`;
}

export function DecisionsPart({
  doc,
  t,
  readOnly,
  editors,
  onFocusField,
  sections,
}: PartProps & { sections: YRecord[] }) {
  const decisions = minutesRoot(doc).decisions.toArray();
  return (
    <section className="mn-part">
      <div className="mn-part-head">
        <h2 className="mn-part-title">{t('minutes.nav.decisions')}</h2>
        {!readOnly && (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            onClick={() => addDecision(doc, { sectionId: null, text: '', vote: null })}
          >
            {t('minutes.decision.add')}
          </button>
        )}
      </div>
      {decisions.map((decision, i) => {
        const id = str(decision, 'id');
        const vote = decision.get('vote') as VoteResult | null;
        return (
          <div className="mn-card" key={id}>
            <div className="mn-card-head">
              <strong>{i + 1}.</strong>
              <select
                className="select mn-select"
                value={str(decision, 'sectionId')}
                disabled={readOnly}
                aria-label={t('minutes.decision.section')}
                onChange={(e) => setField(decision, 'sectionId', e.currentTarget.value || null)}
              >
                <option value="">{t('minutes.decision.none')}</option>
                {sections.map((s, k) => (
                  <option key={str(s, 'id')} value={str(s, 'id')}>
                    {roman(k + 1)}. {str(s, 'title')}
                  </option>
                ))}
              </select>
              {!readOnly && (
                <button type="button" className="mn-link" onClick={() => removeRecord(doc, 'decisions', id)}>
                  {t('minutes.remove')}
                </button>
              )}
            </div>
            <YTextArea
              text={decision.get('text') as Y.Text}
              field={`decision.${id}`}
              placeholder={t('minutes.decision.text')}
              readOnly={readOnly}
              rows={2}
              editors={at(editors, `decision.${id}`)}
              onFocusField={onFocusField}
            />
            {vote && <p className="mn-vote">{voteLine(vote)}</p>}
          </div>
        );
      })}
    </section>
  );
}

export function ActionsPart({ doc, t, readOnly, editors, onFocusField }: PartProps) {
  const items = minutesRoot(doc).actionItems.toArray();
  return (
    <section className="mn-part">
      <div className="mn-part-head">
        <h2 className="mn-part-title">{t('minutes.nav.actions')}</h2>
        {!readOnly && (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            onClick={() => addActionItem(doc, { sectionId: null })}
          >
            {t('minutes.action.add')}
          </button>
        )}
      </div>
      <table className="mn-table">
        <thead>
          <tr>
            <th style={{ width: '4%' }}>TT</th>
            <th style={{ width: '48%' }}>{t('minutes.action.task')}</th>
            <th>{t('minutes.action.owner')}</th>
            <th style={{ width: '17%' }}>{t('minutes.action.due')}</th>
            <th style={{ width: '6%' }} />
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => {
            const id = str(item, 'id');
            return (
              <tr key={id}>
                <td className="mn-center">{i + 1}</td>
                <td>
                  <YTextArea
                    text={item.get('task') as Y.Text}
                    field={`action.${id}.task`}
                    readOnly={readOnly}
                    rows={1}
                    editors={at(editors, `action.${id}.task`)}
                    onFocusField={onFocusField}
                  />
                </td>
                <td>
                  <YInput
                    map={item}
                    name="owner"
                    field={`action.${id}.owner`}
                    readOnly={readOnly}
                    editors={at(editors, `action.${id}.owner`)}
                    onFocusField={onFocusField}
                  />
                </td>
                <td>
                  <YInput
                    map={item}
                    name="dueDate"
                    type="date"
                    field={`action.${id}.dueDate`}
                    readOnly={readOnly}
                    onFocusField={onFocusField}
                  />
                </td>
                <td className="mn-center">
                  {!readOnly && (
                    <button type="button" className="mn-link" onClick={() => removeRecord(doc, 'actionItems', id)}>
                      {t('minutes.remove')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function RecipientsPart({ doc, t, readOnly, editors, onFocusField }: PartProps) {
  return (
    <section className="mn-part">
      <h2 className="mn-part-title">{t('minutes.nav.recipients')}</h2>
      <YTextArea
        text={minutesRoot(doc).recipients}
        field="recipients"
        label={t('minutes.recipientsHint')}
        readOnly={readOnly}
        rows={5}
        editors={at(editors, 'recipients')}
        onFocusField={onFocusField}
      />
    </section>
  );
}
