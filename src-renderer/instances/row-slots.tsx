/**
 * The parts of a row that grow with what the API reports: the OS logo, the protection lock,
 * the usage sparklines, the forwarded ports and (once remote hosts exist) the host. Each
 * subscribes to what it shows, so a new sample or forward re-renders that part only.
 */
import { Lock, Server } from 'lucide-react';
import type { CSSProperties } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { RemoteHostLabel } from '../hosts/HostLabel';
import { ForwardedPorts as Ports } from '../ports/ForwardedPorts';
import { Sparklines } from '../usage/Sparklines';
import { osDescription, osLogo } from './os-logo';

export interface RowSlotProps {
  instance: InstanceSummary;
}

/** The OS logo, from the distribution and OS the main side found in lima.yaml; a generic mark otherwise. */
export function OsMark({ instance }: RowSlotProps) {
  const logo = osLogo(instance);
  const label = osDescription(instance);
  if (!logo) {
    return (
      <span className="os-mark" role="img" aria-label={label} title={label}>
        <Server aria-hidden="true" />
      </span>
    );
  }
  return (
    <span className="os-mark is-brand" role="img" aria-label={logo.title} title={logo.title} style={{ '--os-color': logo.hex } as CSSProperties}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d={logo.path} />
      </svg>
    </span>
  );
}

/** A lock for a protected instance (`limadesk protect`, as `limactl protect`): it cannot be deleted. */
export function ProtectedLock({ instance }: RowSlotProps) {
  if (!instance.protected) return null;
  return (
    <span className="row-lock" role="img" aria-label="Protected" title={`Protected: ${instance.name} cannot be deleted (limadesk unprotect ${instance.name})`}>
      <Lock aria-hidden="true" />
    </span>
  );
}

/** CPU and memory sparklines while the instance runs. */
export function ResourceSparklines({ instance }: RowSlotProps) {
  if (instance.status !== 'Running') return null;
  return <Sparklines instance={instance} />;
}

/** Forwarded TCP ports as links while the instance runs. */
export function ForwardedPorts({ instance }: RowSlotProps) {
  if (instance.status !== 'Running') return null;
  return <Ports instance={instance} />;
}

/** The host of an instance on another machine (nothing for this machine's). */
export function HostLabel({ instance }: RowSlotProps) {
  return <RemoteHostLabel instance={instance} />;
}
