/** A running row's forwarded TCP ports: links that open in the browser, the rest as numbers. */
import type { InstanceSummary } from '../../src-main/common/api';
import { rowPorts } from './port-links';
import { usePortForwards } from './usePortForwards';

const SHOWN = 3;

export function ForwardedPorts({ instance }: { instance: InstanceSummary }) {
  const entry = usePortForwards(instance, true);
  const ports = entry ? rowPorts(entry.forwards) : [];
  if (ports.length === 0) return null;
  const rest = ports.slice(SHOWN);
  return (
    <span className="row-ports" aria-label={`Forwarded ports of ${instance.name}`}>
      {ports.slice(0, SHOWN).map((p) =>
        p.url ? (
          <a key={p.port} className="port-link" href={p.url} target="_blank" rel="noreferrer" title={`Open ${p.url} (guest ${p.forward.guestAddr})`}>
            :{p.port}
          </a>
        ) : (
          <span key={p.port} className="port-plain" title={`Forwarded from guest ${p.forward.guestAddr}`}>
            :{p.port}
          </span>
        ),
      )}
      {rest.length > 0 && (
        <span className="port-more" title={rest.map((p) => `:${p.port}`).join(' ')}>
          +{rest.length}
        </span>
      )}
    </span>
  );
}
