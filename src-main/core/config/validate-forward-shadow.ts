/**
 * Port forward rules are tried in order and the first that matches a guest port decides
 * (Lima's hostagent). A rule that an earlier rule always wins against can never take effect;
 * that is almost always a mistake in the order of the rules, so it is reported as a warning.
 * Only certain shadowing is reported: when in doubt, the rule is assumed to be reachable.
 */
import type { PortForward } from './types';
import type { IssueSink } from './validate-context';

const DEFAULT_RANGE: [number, number] = [1, 65535];

function isUnspecified(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || /^[0:]+$/.test(ip);
}

interface Effective {
  guestIP: string;
  mustBeZero: boolean;
  range: [number, number];
  proto: string;
  ignore: boolean;
  socket: boolean;
}

/** The rule as the port forwarder sees it; Lima makes `guestIP: 0.0.0.0` exact unless told otherwise. */
function effective(rule: PortForward): Effective {
  const guestIP = (rule.guestIP ?? '127.0.0.1').toLowerCase();
  const range = rule.guestPortRange ?? (rule.guestPort ? [rule.guestPort, rule.guestPort] : DEFAULT_RANGE);
  return {
    guestIP,
    mustBeZero: rule.guestIPMustBeZero ?? isUnspecified(guestIP),
    range: [range[0], range[1]],
    proto: rule.proto ?? 'any',
    ignore: rule.ignore === true,
    socket: Boolean(rule.guestSocket) || Boolean(rule.hostSocket),
  };
}

/** Whether `first`, tried before `later`, decides every guest port that `later` could match. */
function covers(first: Effective, later: Effective): boolean {
  if (first.socket || later.socket) return false;
  if (first.proto !== 'any' && first.proto !== later.proto) return false;
  if (first.range[0] > later.range[0] || first.range[1] < later.range[1]) return false;
  // A rule for 0.0.0.0 that is not exact matches a listener on any address.
  if (isUnspecified(first.guestIP) && !first.mustBeZero) return true;
  if (first.guestIP !== later.guestIP) return false;
  if (first.ignore) {
    // An ignore rule for one address lets listeners on 0.0.0.0 through to later rules.
    return isUnspecified(first.guestIP) && later.mustBeZero;
  }
  return !first.mustBeZero || later.mustBeZero;
}

export function warnUnreachableForwards(rules: readonly PortForward[], sink: IssueSink): void {
  const seen = rules.map(effective);
  seen.forEach((later, j) => {
    const i = seen.slice(0, j).findIndex((first) => covers(first, later));
    if (i < 0) return;
    sink.warning(['portForwards', j],
      `field \`portForwards[${j}]\` can never match: \`portForwards[${i}]\` comes first and ${seen[i]?.ignore ? 'ignores' : 'forwards'} every guest port it would (the first matching rule wins)`);
  });
}
