/**
 * The visual form over lima.yaml. It has no state of its own: values come from the text's last
 * good parse and every edit goes back into the text through the callbacks, so the YAML editor
 * and the form can never disagree.
 */
import { useId } from 'react';
import type { ReactNode } from 'react';
import type { EditorIssue } from './backend';
import type { FormValues, ParseError, YamlPath } from './document-model';
import { issuesFor, placeOf } from './field-issues';

export interface ConfigFormProps {
  values: FormValues;
  /** While the text does not parse the form is read-only and says where the text is broken. */
  parseErrors: readonly ParseError[];
  issues: readonly EditorIssue[];
  onChange: (path: YamlPath, value: unknown) => void;
  onAppend: (path: YamlPath, item: unknown) => void;
  onRemove: (path: YamlPath, index: number) => void;
}

const CPU_ARCHES = ['x86_64', 'aarch64'] as const;

function toNumber(raw: string): number | undefined | 'invalid' {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : 'invalid';
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  issues: readonly EditorIssue[];
  children: (inputProps: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

function Field({ id, label, hint, issues, children }: FieldProps) {
  const uid = useId();
  const inputId = `${uid}-${id}`;
  const describedBy = [hint ? `${inputId}-hint` : '', issues.length > 0 ? `${inputId}-issues` : ''].filter(Boolean).join(' ');
  return (
    <div className="limadesk-field" data-field={id}>
      <label htmlFor={inputId}>{label}</label>
      {children({ id: inputId, 'aria-invalid': issues.some((i) => i.severity === 'error'), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <small id={`${inputId}-hint`} className="limadesk-hint">
          {hint}
        </small>
      )}
      {issues.length > 0 && (
        <ul id={`${inputId}-issues`} className="limadesk-field-issues" role="list">
          {issues.map((issue, k) => (
            <li key={k} className={`limadesk-issue-${issue.severity}`}>
              {issue.message}
              {placeOf(issue) && ` (${placeOf(issue)})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ConfigForm({ values, parseErrors, issues, onChange, onAppend, onRemove }: ConfigFormProps) {
  const disabled = parseErrors.length > 0;
  const text = (path: YamlPath, id: string, label: string, value: string | undefined, hint?: string) => (
    <Field id={id} label={label} hint={hint} issues={issuesFor(issues, id)}>
      {(props) => <input {...props} type="text" value={value ?? ''} disabled={disabled} onChange={(e) => onChange(path, e.target.value)} />}
    </Field>
  );
  const number = (path: YamlPath, id: string, label: string, value: number | undefined, hint?: string) => (
    <Field id={id} label={label} hint={hint} issues={issuesFor(issues, id)}>
      {(props) => (
        <input
          {...props}
          type="number"
          value={value ?? ''}
          disabled={disabled}
          onChange={(e) => {
            const n = toNumber(e.target.value);
            if (n !== 'invalid') onChange(path, n);
          }}
        />
      )}
    </Field>
  );

  return (
    <form className="limadesk-config-form" aria-label="Instance settings" onSubmit={(e) => e.preventDefault()}>
      {disabled && (
        <div role="alert" className="limadesk-banner-error">
          The form is read-only until the YAML parses again:{' '}
          {parseErrors.map((e, k) => (
            <span key={k}>
              line {e.line}, column {e.col}: {e.message}
              {k < parseErrors.length - 1 ? '; ' : ''}
            </span>
          ))}
        </div>
      )}
      <fieldset disabled={disabled}>
        <legend>Resources</legend>
        {number(['cpus'], 'cpus', 'CPUs', values.cpus, 'Number of virtual CPUs')}
        {text(['memory'], 'memory', 'Memory', values.memory, 'With a binary unit, e.g. 4GiB')}
        {text(['disk'], 'disk', 'Disk', values.disk, 'Size of the main disk, e.g. 100GiB; it can grow, never shrink')}
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Mounts</legend>
        {values.mounts.map((mount, k) => (
          <div key={k} className="limadesk-row" role="group" aria-label={`Mount ${k + 1}`}>
            {text(['mounts', k, 'location'], `mounts.${k}.location`, `Mount ${k + 1} host directory`, mount.location)}
            {text(['mounts', k, 'mountPoint'], `mounts.${k}.mountPoint`, `Mount ${k + 1} guest directory`, mount.mountPoint, 'Empty: the same path as on the host')}
            <Field id={`mounts.${k}.writable`} label={`Mount ${k + 1} writable`} issues={issuesFor(issues, `mounts.${k}.writable`)}>
              {(props) => (
                <input {...props} type="checkbox" checked={mount.writable ?? false} onChange={(e) => onChange(['mounts', k, 'writable'], e.target.checked || undefined)} />
              )}
            </Field>
            <button type="button" onClick={() => onRemove(['mounts'], k)} aria-label={`Remove mount ${k + 1} (${mount.location})`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onAppend(['mounts'], { location: '~' })}>
          Add mount
        </button>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Port forwards</legend>
        {values.portForwards.map((pf, k) => (
          <div key={k} className="limadesk-row" role="group" aria-label={`Port forward ${k + 1}`}>
            {number(['portForwards', k, 'guestPort'], `portForwards.${k}.guestPort`, `Port forward ${k + 1} guest port`, pf.guestPort)}
            {number(['portForwards', k, 'hostPort'], `portForwards.${k}.hostPort`, `Port forward ${k + 1} host port`, pf.hostPort, 'Empty: the same as the guest port')}
            {text(['portForwards', k, 'hostIP'], `portForwards.${k}.hostIP`, `Port forward ${k + 1} host address`, pf.hostIP, 'Default 127.0.0.1')}
            <button type="button" onClick={() => onRemove(['portForwards'], k)} aria-label={`Remove port forward ${k + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => onAppend(['portForwards'], { guestPort: 80, hostPort: 8080 })}>
          Add port forward
        </button>
      </fieldset>

      <fieldset disabled={disabled}>
        <legend>Display and QEMU</legend>
        {text(['video', 'vnc', 'display'], 'video.vnc.display', 'VNC display', values.vncDisplay, 'e.g. 127.0.0.1:0,to=9; empty for the default')}
        {text(['vmOpts', 'qemu', 'minimumVersion'], 'vmOpts.qemu.minimumVersion', 'Minimum QEMU version', values.qemuMinimumVersion)}
        {CPU_ARCHES.map((arch) => (
          <div key={arch}>
            {text(['vmOpts', 'qemu', 'cpuType', arch], `vmOpts.qemu.cpuType.${arch}`, `QEMU CPU type (${arch})`, values.qemuCpuType[arch], 'Empty: the default for the accelerator')}
          </div>
        ))}
      </fieldset>
    </form>
  );
}
