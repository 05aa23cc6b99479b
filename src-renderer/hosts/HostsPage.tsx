/**
 * The Hosts screen: other machines whose VMs this one shows, reached over SSH. Each host with
 * its state (connected, trying, unreachable and why), what it runs, and Reconnect / Remove;
 * a form adds one (connecting first, so a new host key is recorded only then).
 */
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { HostStatus } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import './hosts.css';

const STATE_LABEL: Record<HostStatus['state'], string> = { connected: 'Connected', connecting: 'Connecting…', unreachable: 'Unreachable' };

function retryText(at: number | undefined, now: number): string | undefined {
  if (at === undefined) return undefined;
  const seconds = Math.max(0, Math.round((at - now) / 1000));
  return seconds === 0 ? 'trying again now' : `trying again in ${seconds} s`;
}

function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function HostCard({ host, onChanged }: { host: HostStatus; onChanged: () => void }) {
  const api = useApi();
  const now = useNow(1000);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const act = async (work: () => Promise<{ ok: boolean; message?: string }>) => {
    setBusy(true);
    setError(undefined);
    const result = await work();
    setBusy(false);
    if (!result.ok) setError(result.message);
    onChanged();
  };
  const retry = host.state === 'unreachable' ? retryText(host.retryAt, now) : undefined;
  return (
    <li className={`host-card is-${host.state}`} data-host={host.name} data-host-state={host.state}>
      <div className="host-head">
        <strong className="host-name">{host.name}</strong>
        <span className="host-destination">
          {host.destination}
          {host.port ? `:${host.port}` : ''}
        </span>
        <span className="host-state" role="status">
          {STATE_LABEL[host.state]}
        </span>
      </div>
      {host.reason && host.state !== 'connected' && (
        <p className="host-reason" data-problem={host.problem}>
          {host.reason}
          {retry ? ` (${retry})` : ''}
        </p>
      )}
      <p className="host-facts">
        {host.remote ? `Limadesk ${host.remote.limadesk}${host.remote.hostname ? ` on ${host.remote.hostname}` : ''}` : 'Not reached yet'} · {host.instanceCount} instance{host.instanceCount === 1 ? '' : 's'}
        {host.remoteCommand ? ` · runs ${host.remoteCommand}` : ''}
      </p>
      {error && (
        <p role="alert" className="message-error">
          {error}
        </p>
      )}
      <div className="host-actions">
        <button type="button" disabled={busy || host.state === 'connected'} onClick={() => void act(() => api.reconnectHost({ name: host.name }))}>
          Reconnect
        </button>
        {confirming ? (
          <>
            <span>Remove {host.name}? Its VMs keep running there.</span>
            <button type="button" className="danger" disabled={busy} onClick={() => void act(() => api.removeHost({ name: host.name }))}>
              Remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}

interface Draft {
  name: string;
  destination: string;
  port: string;
  identity: string;
  remoteCommand: string;
}
const EMPTY: Draft = { name: '', destination: '', port: '', identity: '', remoteCommand: '' };

function AddHostForm({ onAdded }: { onAdded: () => void }) {
  const api = useApi();
  const [draft, setDraft] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string }>();
  const field = (key: keyof Draft, label: string, placeholder: string, required = false) => (
    <label className="host-field">
      <span>{label}</span>
      <input value={draft[key]} required={required} placeholder={placeholder} spellCheck={false} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(undefined);
    const result = await api.addHost({
      name: draft.name.trim(),
      destination: draft.destination.trim(),
      ...(draft.port.trim() ? { port: Number(draft.port) } : {}),
      ...(draft.identity.trim() ? { identity: draft.identity.trim() } : {}),
      ...(draft.remoteCommand.trim() ? { remoteCommand: draft.remoteCommand.trim() } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setMessage({ tone: 'error', text: result.message });
      return;
    }
    setMessage({ tone: 'success', text: [`Added ${result.value.host.name}.`, ...result.value.notes].join(' ') });
    setDraft(EMPTY);
    onAdded();
  };
  return (
    <form className="host-add" onSubmit={(e) => void submit(e)} aria-label="Add a host">
      <h3>Add a host</h3>
      <p className="host-help">
        The host needs Limadesk&apos;s CLI and an SSH server that takes your key. It is reached with your own ssh configuration and known_hosts; a host seen for the first time has its key recorded now, a changed key is refused.
      </p>
      <div className="host-fields">
        {field('name', 'Name', 'build-box', true)}
        {field('destination', 'SSH destination', 'me@build-box or an ~/.ssh/config alias', true)}
        {field('port', 'Port', '22')}
        {field('identity', 'Identity file', '~/.ssh/id_ed25519')}
        {field('remoteCommand', 'Remote command', 'limadesk')}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Connecting…' : 'Add host'}
      </button>
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'message-error' : 'host-added'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

export function HostsPage() {
  const api = useApi();
  const [hosts, setHosts] = useState<HostStatus[]>();
  const [error, setError] = useState<string>();
  const refresh = useCallback(async () => {
    const result = await api.listHosts({});
    if (result.ok) {
      setHosts(result.value.hosts);
      setError(undefined);
    } else {
      setError(result.message);
    }
  }, [api]);
  useEffect(() => {
    void refresh();
    // Each change comes with the host's whole status: no polling.
    return api.on('hostChanged', ({ host, removed }) =>
      setHosts((current) => {
        const others = (current ?? []).filter((h) => h.name !== host.name);
        if (removed) return others;
        const at = (current ?? []).findIndex((h) => h.name === host.name);
        if (at < 0) return [...others, host];
        const next = [...(current ?? [])];
        next[at] = host;
        return next;
      }),
    );
  }, [api, refresh]);
  return (
    <section className="hosts-page" aria-label="Hosts">
      {error && (
        <p role="alert" className="message-error">
          Cannot list the hosts: {error}
        </p>
      )}
      {hosts === undefined && !error && <p aria-busy="true">Loading…</p>}
      {hosts && hosts.length === 0 && <p className="host-help">Only this machine so far. Add another to see its VMs in the instance list, with its name beside each.</p>}
      {hosts && hosts.length > 0 && (
        <ul className="host-list">
          {hosts.map((h) => (
            <HostCard key={h.name} host={h} onChanged={() => void refresh()} />
          ))}
        </ul>
      )}
      <AddHostForm onAdded={() => void refresh()} />
    </section>
  );
}
