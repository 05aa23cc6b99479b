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
 * One line of the host agent's forward list (`GET /v1/port-forwards` on ha.sock): a guest
 * listener or socket and what became of it.
 */
export interface PortForwardEntry {
  protocol: 'tcp' | 'unix';
  /** `127.0.0.1:8080`, `[::]:80`, or a socket path in the guest. */
  guestAddr: string;
  /** `127.0.0.1:8080` or a socket path on the host; absent when not forwarded. */
  hostAddr?: string;
  /**
   * `forwarding`: the host side listens; `failed`: it could not (see `error`, e.g. the host
   * port is taken); `not-forwarding`: a guest listener no rule forwards (or an `ignore` rule stops).
   */
  state: 'forwarding' | 'failed' | 'not-forwarding';
  /** A socket forward from the host into the guest (`reverse: true`). */
  reverse?: boolean;
  /** Set up at start from a `static: true` rule, not from a guest listener. */
  static?: boolean;
  error?: string;
}

/** The body of `GET /v1/port-forwards`. */
export interface PortForwardList {
  forwards: PortForwardEntry[];
}
