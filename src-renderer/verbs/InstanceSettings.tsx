/**
 * Switches on the instance page: start at login (a systemd user unit or launchd agent, as
 * Lima writes them) and protection against deletion. Each says what the host made of it.
 */
import { useEffect, useId, useState } from 'react';
import type { InstanceSummary, StartAtLoginInfo } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { failureText } from '../api/failure-text';
import { useAppStore, useBusyOp } from '../store/hooks';
import './settings.css';

type LoginState = { kind: 'loading' } | { kind: 'ready'; info: StartAtLoginInfo; saving: boolean; error?: string } | { kind: 'failed'; message: string };

function Switch({ label, checked, disabled, onChange, describedBy }: { label: string; checked: boolean; disabled: boolean; onChange: (on: boolean) => void; describedBy: string }) {
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={describedBy} />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-label">{label}</span>
    </label>
  );
}

function StartAtLogin({ name }: { name: string }) {
  const api = useApi();
  const hintId = useId();
  const [state, setState] = useState<LoginState>({ kind: 'loading' });
  useEffect(() => {
    let cancelled = false;
    void api.getStartAtLogin({ name }).then((r) => {
      if (!cancelled) setState(r.ok ? { kind: 'ready', info: r.value, saving: false } : { kind: 'failed', message: failureText(r) });
    });
    return () => {
      cancelled = true;
    };
  }, [api, name]);

  const change = async (enabled: boolean) => {
    if (state.kind !== 'ready') return;
    setState({ ...state, saving: true });
    const r = await api.setStartAtLogin({ name, enabled });
    setState(r.ok ? { kind: 'ready', info: r.value, saving: false } : { ...state, saving: false, error: failureText(r) });
  };

  return (
    <div className="setting">
      <Switch label="Start at login" checked={state.kind === 'ready' && state.info.enabled} disabled={state.kind !== 'ready' || state.saving} onChange={(on) => void change(on)} describedBy={hintId} />
      <p id={hintId} className="setting-hint">
        {state.kind === 'loading' && 'Asking the service manager…'}
        {state.kind === 'failed' && <span role="alert">Not available: {state.message}</span>}
        {state.kind === 'ready' && (
          <>
            {state.info.enabled ? `${name} starts when you log in` : `${name} starts only when you start it`}
            {state.info.enabled && state.info.file && (
              <>
                {' '}
                (<code>{state.info.file}</code>)
              </>
            )}
            .{state.info.message && ` ${state.info.message}`}
            {state.error && <span role="alert"> Not changed: {state.error}</span>}
          </>
        )}
      </p>
    </div>
  );
}

function Protection({ instance }: { instance: InstanceSummary }) {
  const api = useApi();
  const hintId = useId();
  const busy = useBusyOp(instance.name);
  const runTask = useAppStore((s) => s.runTask);
  const { name } = instance;
  const change = (wanted: boolean) =>
    void runTask(name, wanted ? 'protect' : 'unprotect', () => api.setProtected({ name, protected: wanted }), {
      done: () => ({ tone: 'success', title: wanted ? `${name} is protected` : `${name} is no longer protected` }),
    });
  return (
    <div className="setting">
      <Switch label="Protected" checked={instance.protected} disabled={busy !== undefined} onChange={change} describedBy={hintId} />
      <p id={hintId} className="setting-hint">
        {instance.protected ? 'Delete and factory reset are refused until it is unprotected.' : 'It can be deleted and factory-reset.'}
      </p>
    </div>
  );
}

export function InstanceSettings({ instance }: { instance: InstanceSummary }) {
  return (
    <section className="instance-settings" aria-labelledby={`settings-${instance.name}`}>
      <h3 id={`settings-${instance.name}`}>Settings</h3>
      <StartAtLogin name={instance.name} />
      <Protection instance={instance} />
    </section>
  );
}
