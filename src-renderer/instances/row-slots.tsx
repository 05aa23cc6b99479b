/**
 * The parts of a row that grow with what the API reports. Each takes the instance summary and
 * shows only what it carries today; the row and its CSS already leave room for them, so a
 * feature that adds data (an OS from the image, usage samples, forwarded ports, remote hosts)
 * fills its slot here without touching the list.
 */
import { Lock, Server } from 'lucide-react';
import type { InstanceSummary } from '../../src-main/common/api';
import { RemoteHostLabel } from '../hosts/HostLabel';

export interface RowSlotProps {
  instance: InstanceSummary;
}

/**
 * The OS logo. The summary does not say which OS an instance runs, so every instance gets the
 * generic mark; a distribution's logo goes here once the API reports the image or template.
 */
export function OsMark(_props: RowSlotProps) {
  return (
    <span className="os-mark" aria-hidden="true">
      <Server />
    </span>
  );
}

/** A lock for a protected instance (`limactl protect`): it cannot be deleted. */
export function ProtectedLock({ instance }: RowSlotProps) {
  if (!instance.protected) return null;
  return (
    <span className="row-lock" role="img" aria-label="Protected" title={`Protected: ${instance.name} cannot be deleted (limactl unprotect ${instance.name})`}>
      <Lock aria-hidden="true" />
    </span>
  );
}

/** CPU and memory sparklines: the summary carries no usage samples yet, so nothing is drawn. */
export function ResourceSparklines(_props: RowSlotProps) {
  return null;
}

/** Forwarded ports as links: the summary lists none besides SSH yet. */
export function ForwardedPorts(_props: RowSlotProps) {
  return null;
}

/** The host of an instance on another machine (nothing for this machine's). */
export function HostLabel({ instance }: RowSlotProps) {
  return <RemoteHostLabel instance={instance} />;
}
