/** One labelled input of the create form with its hint and the problems found with it. */
import { useId } from 'react';
import type { ReactNode } from 'react';

export interface CreateFieldProps {
  field: string;
  label: string;
  hint?: string;
  problems: readonly string[];
  children: (inputProps: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

export function CreateField({ field, label, hint, problems, children }: CreateFieldProps) {
  const uid = useId();
  const id = `${uid}-${field}`;
  const describedBy = [problems.length > 0 ? `${id}-problems` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field" data-field={field}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': problems.length > 0, ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {problems.length > 0 && (
        <ul id={`${id}-problems`} className="field-problems">
          {problems.map((p, k) => (
            <li key={k}>{p}</li>
          ))}
        </ul>
      )}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
