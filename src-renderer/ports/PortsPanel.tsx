/**
 * The Overview's Ports list: every forward the host agent reports for the running instance,
 * with its guest and host addresses and state; a failed one says why, an HTTP one opens.
 */
import { ExternalLink } from 'lucide-react';
import type { InstanceSummary, PortForwardInfo } from '../../src-main/common/api';
import { httpUrlOf } from './port-links';
import { usePortForwards } from './usePortForwards';
import './ports.css';

const STATE_TEXT: Record<PortForwardInfo['state'], string> = { forwarding: 'Forwarding', failed: 'Failed', 'not-forwarding': 'Not forwarded' };

function stateNote(f: PortForwardInfo): string | undefined {
  if (f.state === 'failed') return f.error ?? 'the host side could not listen';
  if (f.state === 'not-forwarding') return f.guestAddr.endsWith(':22') ? 'the guest\u2019s SSH server' : 'no rule forwards it (or an ignore rule)';
  if (f.reverse) return 'host to guest';
  if (f.static) return 'set up at start';
  return undefined;
}

export function PortsPanel({ instance }: { instance: InstanceSummary }) {
  const entry = usePortForwards(instance);
  const { name } = instance;
  return (
    <section className="ports-panel" aria-labelledby={`ports-${name}`}>
      <h3 id={`ports-${name}`}>Ports</h3>
      {instance.status !== 'Running' ? (
        <p className="hint">Forwards appear while {name} runs.</p>
      ) : !entry || (entry.loading && entry.forwards.length === 0) ? (
        <p className="hint" aria-busy="true">
          Asking the host agent…
        </p>
      ) : entry.error && entry.forwards.length === 0 ? (
        <p role="alert">The forwards cannot be listed: {entry.error}</p>
      ) : entry.forwards.length === 0 ? (
        <p className="hint">No guest listener is forwarded yet. A program listening on a TCP port in the guest shows up here within seconds.</p>
      ) : (
        <table className="ports-table" aria-label={`Port forwards of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Guest</th>
              <th scope="col">Host</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entry.forwards.map((f) => {
              const url = httpUrlOf(f);
              const note = stateNote(f);
              return (
                <tr key={`${f.protocol}:${f.guestAddr}:${f.reverse ? 'r' : ''}`} data-state={f.state} data-guest={f.guestAddr}>
                  <td>
                    <code>{f.guestAddr}</code>
                    {f.protocol === 'unix' && <span className="hint"> socket</span>}
                  </td>
                  <td>{f.hostAddr ? <code>{f.hostAddr}</code> : <span className="hint">—</span>}</td>
                  <td>
                    <span className={`port-state is-${f.state}`}>{STATE_TEXT[f.state]}</span>
                    {note && <span className={f.state === 'failed' ? 'port-error' : 'hint'}>: {note}</span>}
                  </td>
                  <td>
                    {url && (
                      <a href={url} target="_blank" rel="noreferrer" className="port-open" aria-label={`Open ${url}`}>
                        <ExternalLink aria-hidden="true" />
                        Open
                      </a>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
