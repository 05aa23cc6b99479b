/**
 * The host agent's event stream, one JSON object per line on its stdout (`ha.stdout.log`).
 * The `status` object has Lima's field names and omits empty fields, so Lima's own readers
 * (`limactl start`, `limactl stop`) understand it. Limadesk's finer boot stages travel in a
 * separate `limadesk` object, which Lima's readers ignore.
 */

import type { PortForwardEvent } from './port-forward/types';

export interface EventStatus {
  running?: boolean;
  degraded?: boolean;
  exiting?: boolean;
  errors?: string[];
  sshLocalPort?: number;
  /** Set on the event that reports a port forward starting, stopping or failing (Lima's field). */
  portForward?: PortForwardEvent;
}

export type BootStage =
  | 'agent-started'
  | 'disks-ready'
  | 'cidata-ready'
  | 'qemu-started'
  | 'vnc-ready'
  | 'qmp-ready'
  | 'ssh-ready'
  // After SSH, what Lima's host agent does before it calls the instance ready (boot/guest-boot.ts):
  /** A built-in requirement (the boot scripts let the user in, sshfs can mount, the boot finished). */
  | 'requirement'
  /** A readiness probe of the template. */
  | 'probe'
  /** A share mounted in the guest, or not (why is in the message). */
  | 'mount'
  /** A boot or provisioning script's exit, from the guest's boot report. */
  | 'script'
  /** A copyToHost rule carried out, skipped or failed. */
  | 'copy-to-host'
  /** All of the above done: the guest is ready (or degraded, with the problems in the message). */
  | 'ready'
  | 'stopping'
  | 'qemu-exited';

export interface LimadeskDetail {
  stage: BootStage;
  /** The VM process's exit, on `qemu-exited`. */
  exitCode?: number | null;
  signal?: string | null;
  qemuPid?: number;
  message?: string;
  /** The outcome of a stage that can fail (probe, mount, script…); absent while it is being waited for. */
  ok?: boolean;
}

export interface HostAgentEvent {
  /** RFC 3339 with milliseconds, UTC. */
  time: string;
  status: EventStatus;
  limadesk?: LimadeskDetail;
}

/** Drops the fields Go's `omitempty` would leave out, so the line reads like Lima's. */
function compactStatus(status: EventStatus): EventStatus {
  const out: EventStatus = {};
  if (status.running) out.running = true;
  if (status.degraded) out.degraded = true;
  if (status.exiting) out.exiting = true;
  if (status.errors && status.errors.length > 0) out.errors = [...status.errors];
  if (status.sshLocalPort) out.sshLocalPort = status.sshLocalPort;
  if (status.portForward) out.portForward = { ...status.portForward };
  return out;
}

export function formatEvent(event: HostAgentEvent): string {
  const line: HostAgentEvent = { time: event.time, status: compactStatus(event.status) };
  if (event.limadesk) line.limadesk = event.limadesk;
  return `${JSON.stringify(line)}\n`;
}

/** Parses one line of `ha.stdout.log`; anything that is not an event object gives undefined. */
export function parseEvent(line: string): HostAgentEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.time !== 'string' || Number.isNaN(Date.parse(obj.time))) return undefined;
  const status = typeof obj.status === 'object' && obj.status !== null ? (obj.status as EventStatus) : {};
  const event: HostAgentEvent = { time: obj.time, status };
  if (typeof obj.limadesk === 'object' && obj.limadesk !== null) event.limadesk = obj.limadesk as LimadeskDetail;
  return event;
}

/** A one-line, human description of an event, for `limadesk start` and the logs. */
export function describeEvent(event: HostAgentEvent): string {
  const s = event.status;
  if (s.portForward) return describePortForward(s.portForward);
  if (s.exiting) return `exiting${s.errors?.length ? `: ${s.errors.join('; ')}` : ''}`;
  const d = event.limadesk;
  // A stage says more than the `running` every event after the VM came up repeats.
  if (s.running && !d) return s.degraded ? `running (degraded: ${(s.errors ?? []).join('; ')})` : 'running';
  if (d) {
    switch (d.stage) {
      case 'qemu-started':
        return `QEMU started (pid ${d.qemuPid ?? '?'})`;
      case 'qemu-exited':
        return `QEMU exited (${d.signal ? `signal ${d.signal}` : `code ${String(d.exitCode)}`})`;
      default:
        return d.message ? `${d.stage}: ${d.message}` : d.stage;
    }
  }
  if (s.sshLocalPort) return `booting (SSH port ${s.sshLocalPort})`;
  return JSON.stringify(s);
}

/** A port-forward event in `limactl watch`'s words. */
function describePortForward(pf: PortForwardEvent): string {
  const protocol = pf.protocol ?? 'tcp';
  switch (pf.type) {
    case 'forwarding':
      return `forwarding ${protocol} ${pf.guestAddr ?? '?'} to ${pf.hostAddr ?? '?'}`;
    case 'not-forwarding':
      return `not forwarding ${protocol} ${pf.guestAddr ?? '?'}`;
    case 'stopping':
      return `stopping forwarding ${protocol} ${pf.guestAddr ?? '?'}`;
    case 'failed':
      return `failed to forward ${protocol} ${pf.guestAddr ?? '?'}: ${pf.error ?? 'unknown error'}`;
  }
}
