/** The host of an instance on another machine, in its row: its name, and "unreachable" with why while it is. */
import type { InstanceSummary } from '../../src-main/common/api';
import './hosts.css';

export function RemoteHostLabel({ instance }: { instance: InstanceSummary }) {
  if (!instance.host) return null;
  return (
    <span
      className={instance.unreachable ? 'badge host-badge is-unreachable' : 'badge host-badge'}
      data-host={instance.host}
      {...(instance.unreachable ? { 'data-unreachable': '' } : {})}
      title={instance.unreachable ? `${instance.host} is unreachable: ${instance.unreachable}` : `On ${instance.host}`}
    >
      {instance.host}
      {instance.unreachable ? ' · unreachable' : ''}
    </span>
  );
}
