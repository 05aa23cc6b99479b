import type { PortForwardInfo } from '../../../common/api';
/** Lima's port-forward event (hostagent/events PortForwardEvent), carried in an event's `status.portForward`. */
export interface PortForwardEvent {
  type: 'forwarding' | 'not-forwarding' | 'stopping' | 'failed';
  /** `tcp` for ports; `unix` for socket forwards (Lima reports those in its log only). */
  protocol?: string;
  guestAddr?: string;
  hostAddr?: string;
  error?: string;
}

/**
 * One line of the host agent's forward list (`GET /v1/port-forwards` on ha.sock): the API's
 * PortForwardInfo, said once in common.
 */
export type PortForwardEntry = PortForwardInfo;

/** The body of `GET /v1/port-forwards`. */
export interface PortForwardList {
  forwards: PortForwardEntry[];
}
