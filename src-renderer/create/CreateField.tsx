/** One labelled input of the create form with its hint and the problems found with it. */
import { useId } from 'react';
import type { ReactNode } from 'react';

export interface FieldProblem {
  message: string;
  severity: 'error' | 'warning';
}

export interface CreateFieldProps {
  field: string;
  label: string;
  hint?: string;
  problems: readonly FieldProblem[];
  children: (inputProps: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

export function CreateField({ field, label, hint, problems, children }: CreateFieldProps) {
  const uid = useId();
  const id = `${uid}-${field}`;
  const describedBy = [problems.length > 0 ? `${id}-problems` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field" data-field={field}>
      <label htmlFor={id}>{label}</label>
      {/* A warning is worth reading but does not make the value invalid. */}
      {children({ id, 'aria-invalid': problems.some((p) => p.severity === 'error'), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {problems.length > 0 && (
        <ul id={`${id}-problems`} className="field-problems">
          {problems.map((p, k) => (
            <li key={k} className={`problem-${p.severity}`}>
              {p.severity === 'warning' ? `Warning: ${p.message}` : p.message}
            </li>
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
