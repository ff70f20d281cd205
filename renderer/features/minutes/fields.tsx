// Form fields bound to the minutes' Yjs document. A text area edits a Y.Text: each input becomes the smallest
// delete + insert at the caret, and remote changes move the caret as they move the text around it (it stays right
// after what this person typed), so two people typing in the same paragraph both keep their place. A one-line
// field edits a plain value in a Y.Map (the last writer wins). Both are uncontrolled: the document is the truth.
import { useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import * as Y from 'yjs';
import type { YRecord } from '../../../common/minutesDoc.ts';
import { moveCaret, spliceOf } from './textSplice.ts';
import type { MinutesAwareness } from './useMinutesDoc.ts';

function Editors({ editors }: { editors: MinutesAwareness[] }) {
  if (editors.length === 0) return null;
  return (
    <span className="mn-editors" aria-live="polite">
      {editors.map((e) => (
        <span key={e.user.peerId} className="mn-editor-tag" style={{ '--tag': e.user.color } as CSSProperties}>
          {e.user.name}
        </span>
      ))}
    </span>
  );
}

/** A labelled field with the names of the co-editors in it. */
function Field(props: { className?: string; label?: string; editors: MinutesAwareness[]; children: ReactNode }) {
  return (
    <label className={`mn-field${props.className ? ` ${props.className}` : ''}`}>
      {props.label && (
        <span className="mn-label">
          {props.label}
          <Editors editors={props.editors} />
        </span>
      )}
      {props.children}
    </label>
  );
}

export function YTextArea({
  text,
  readOnly,
  placeholder,
  rows = 4,
  testId,
  label,
  field,
  editors = [],
  onFocusField,
  className,
}: {
  text: Y.Text;
  readOnly: boolean;
  placeholder?: string;
  rows?: number;
  testId?: string;
  label?: string;
  field: string;
  editors?: MinutesAwareness[];
  onFocusField?(field: string | null): void;
  className?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  // This component's own changes are already on screen.
  const origin = useMemo(() => ({ field }), [field]);
  const composing = useRef(false);
  const stale = useRef(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.value = text.toString();
    autosize(el);
    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === origin) return;
      if (composing.current) {
        stale.current = true;
        return;
      }
      const focused = document.activeElement === el;
      const [start, end] = [el.selectionStart, el.selectionEnd];
      el.value = text.toString();
      if (focused) el.setSelectionRange(moveCaret(start, event.delta), moveCaret(end, event.delta));
      autosize(el);
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text, origin]);

  const push = () => {
    const el = ref.current;
    if (!el || readOnly) return;
    const before = text.toString();
    const after = el.value;
    if (before === after) return;
    const { at, remove, insert } = spliceOf(before, after, el.selectionEnd);
    text.doc!.transact(() => {
      if (remove > 0) text.delete(at, remove);
      if (insert) text.insert(at, insert);
    }, origin);
    autosize(el);
  };

  return (
    <Field className={className} label={label} editors={editors}>
      <textarea
        ref={ref}
        className="mn-textarea"
        data-testid={testId}
        rows={rows}
        readOnly={readOnly}
        placeholder={placeholder}
        spellCheck={false}
        onInput={() => {
          if (!composing.current) push();
        }}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={() => {
          composing.current = false;
          push();
          if (stale.current && ref.current) {
            stale.current = false;
            const caret = ref.current.selectionEnd;
            ref.current.value = text.toString();
            ref.current.setSelectionRange(caret, caret);
          }
        }}
        onFocus={() => onFocusField?.(field)}
        onBlur={() => onFocusField?.(null)}
      />
    </Field>
  );
}

function autosize(el: HTMLTextAreaElement): void {
  el.style.height = 'auto';
  el.style.height = `${el.scrollHeight + 2}px`;
}

/** A one-line field on a plain value of a Y.Map (header line, name, owner, date). */
export function YInput({
  map,
  name,
  readOnly,
  label,
  type = 'text',
  placeholder,
  testId,
  field,
  editors = [],
  onFocusField,
  toDisplay = (v) => v,
  fromDisplay = (v) => v,
  className,
  hint,
}: {
  map: YRecord | Y.Map<string>;
  name: string;
  readOnly: boolean;
  label?: string;
  type?: 'text' | 'date' | 'datetime-local';
  placeholder?: string;
  testId?: string;
  field: string;
  editors?: MinutesAwareness[];
  onFocusField?(field: string | null): void;
  toDisplay?(value: string): string;
  fromDisplay?(value: string): string;
  className?: string;
  hint?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const origin = useMemo(() => ({ field }), [field]);
  const read = () => {
    const value = map.get(name);
    return typeof value === 'string' ? value : '';
  };

  // The stored value into the input; after someone else's change, the caret stays where it was.
  const show = useEffectEvent((el: HTMLInputElement, keepCaret: boolean) => {
    const caret = el.selectionStart;
    el.value = toDisplay(read());
    if (keepCaret && document.activeElement === el && caret !== null && type === 'text') {
      el.setSelectionRange(caret, caret);
    }
  });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    show(el, false);
    const observer = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
      if (transaction.origin === origin || !event.keysChanged.has(name)) return;
      show(el, true);
    };
    (map as Y.Map<unknown>).observe(observer);
    return () => (map as Y.Map<unknown>).unobserve(observer);
  }, [map, name, origin]);

  return (
    <Field className={className} label={label} editors={editors}>
      <input
        ref={ref}
        className="input mn-input"
        type={type}
        data-testid={testId}
        readOnly={readOnly}
        placeholder={placeholder}
        onChange={(e) => {
          if (readOnly) return;
          const value = fromDisplay(e.currentTarget.value);
          if (read() === value) return;
          map.doc!.transact(() => (map as Y.Map<unknown>).set(name, value), origin);
        }}
        onFocus={() => onFocusField?.(field)}
        onBlur={() => onFocusField?.(null)}
      />
      {hint && <span className="field-hint">{hint}</span>}
    </Field>
  );
}
