// A labelled field that picks one file into the form's state (the seal's PNG, the agency's certificate file): the
// input's id is also its data-testid, as the office forms' other inputs have it.
import { Field } from './ui.tsx';

export function FileField({
  id,
  label,
  accept,
  error,
  onFile,
}: {
  id: string;
  label: string;
  accept: string;
  error?: string | null;
  /** The file picked, or null when the pick was cleared. */
  onFile: (file: File | null) => void;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <input
        id={id}
        className="input"
        type="file"
        accept={accept}
        data-testid={id}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
      />
    </Field>
  );
}
