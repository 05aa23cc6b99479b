/** A name typed for an instance (a clone's, a new one), checked as typed with Lima's rule and the names in use. */
import { useId } from 'react';
import { instanceNameProblem } from '../create/instance-name';

export interface NameFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  existing: readonly string[];
  disabled?: boolean;
  /** Shown once the user typed or tried to submit, so a field is not red before it is touched. */
  showProblem: boolean;
}

export function NameField({ label, value, onChange, existing, disabled = false, showProblem }: NameFieldProps) {
  const id = useId();
  const problem = instanceNameProblem(value, existing);
  const shown = showProblem ? problem : undefined;
  return (
    <div className="dialog-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? `${id}-problem` : `${id}-hint`}
      />
      {shown ? (
        <p id={`${id}-problem`} className="field-problem">
          {shown}
        </p>
      ) : (
        <small id={`${id}-hint`} className="hint">
          Letters, digits, and . _ - between them
        </small>
      )}
    </div>
  );
}
