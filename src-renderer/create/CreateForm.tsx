/**
 * The create form: name, resources, mounts and port forwards. It keeps no copy of the settings:
 * values come from the YAML text and every edit goes back into it, as in the config editor.
 */
import type { FormValues, YamlPath } from '../editor/document-model';
import { CreateField } from './CreateField';
import type { FieldProblem } from './CreateField';

export interface CreateFormProps {
  name: string;
  onNameChange: (name: string) => void;
  values: FormValues;
  /** Problems by field id (`name`, `cpus`, `mounts.0.location`, …). */
  problems: (field: string) => FieldProblem[];
  onChange: (path: YamlPath, value: unknown) => void;
  onAppend: (path: YamlPath, item: unknown) => void;
  onRemove: (path: YamlPath, index: number) => void;
  disabled: boolean;
}

function numberOrUndefined(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

export function CreateForm({ name, onNameChange, values, problems, onChange, onAppend, onRemove, disabled }: CreateFormProps) {
  const textInput = (path: YamlPath, field: string, label: string, value: string | undefined, hint?: string) => (
    <CreateField field={field} label={label} hint={hint} problems={problems(field)}>
      {(props) => <input {...props} type="text" value={value ?? ''} onChange={(e) => onChange(path, e.target.value)} />}
    </CreateField>
  );
  const numberInput = (path: YamlPath, field: string, label: string, value: number | undefined, hint?: string) => (
    <CreateField field={field} label={label} hint={hint} problems={problems(field)}>
      {(props) => <input {...props} type="number" value={value ?? ''} onChange={(e) => onChange(path, numberOrUndefined(e.target.value))} />}
    </CreateField>
  );

  return (
    <fieldset className="create-form" disabled={disabled}>
      <CreateField field="name" label="Name" hint="Letters, digits, and . _ - between them" problems={problems('name')}>
        {(props) => <input {...props} type="text" value={name} autoComplete="off" spellCheck={false} onChange={(e) => onNameChange(e.target.value)} />}
      </CreateField>

      <fieldset>
        <legend>Resources</legend>
        {numberInput(['cpus'], 'cpus', 'CPUs', values.cpus, 'Empty: the default (4, at most the host has)')}
        {textInput(['memory'], 'memory', 'Memory', values.memory, 'e.g. 4GiB; empty: the default')}
        {textInput(['disk'], 'disk', 'Disk', values.disk, 'e.g. 100GiB; it can grow later, never shrink')}
      </fieldset>

      <fieldset>
        <legend>Mounts</legend>
        {values.mounts.length === 0 && <p className="hint">No host directories are shared.</p>}
        {values.mounts.map((mount, k) => (
          <div key={k} className="list-item" role="group" aria-label={`Mount ${k + 1}`}>
            {textInput(['mounts', k, 'location'], `mounts.${k}.location`, `Mount ${k + 1} host directory`, mount.location)}
            <CreateField field={`mounts.${k}.writable`} label={`Mount ${k + 1} writable`} problems={problems(`mounts.${k}.writable`)}>
              {(props) => <input {...props} type="checkbox" checked={mount.writable ?? false} onChange={(e) => onChange(['mounts', k, 'writable'], e.target.checked || undefined)} />}
            </CreateField>
            <button type="button" onClick={() => onRemove(['mounts'], k)} aria-label={`Remove mount ${k + 1} (${mount.location || 'empty'})`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onAppend(['mounts'], { location: '' })}>
          Add mount
        </button>
      </fieldset>

      <fieldset>
        <legend>Port forwards</legend>
        {values.portForwards.length === 0 && <p className="hint">No ports are forwarded besides SSH.</p>}
        {values.portForwards.map((pf, k) => (
          <div key={k} className="list-item" role="group" aria-label={`Port forward ${k + 1}`}>
            {numberInput(['portForwards', k, 'guestPort'], `portForwards.${k}.guestPort`, `Port forward ${k + 1} guest port`, pf.guestPort)}
            {numberInput(['portForwards', k, 'hostPort'], `portForwards.${k}.hostPort`, `Port forward ${k + 1} host port`, pf.hostPort, 'Empty: the same as the guest port')}
            <button type="button" onClick={() => onRemove(['portForwards'], k)} aria-label={`Remove port forward ${k + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onAppend(['portForwards'], { guestPort: 8080 })}>
          Add port forward
        </button>
      </fieldset>
    </fieldset>
  );
}
