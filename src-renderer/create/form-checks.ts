/**
 * Checks the create form can make on its own, instantly, before the main side's validator
 * answers: they explain the common mistakes in the words of the form, keyed by the same field
 * ids the validator's issues use (`cpus`, `mounts.0.location`, `portForwards.1.hostPort`).
 */
import type { FormValues } from '../editor/document-model';
import { sizeInGiB } from './limactl-command';

export type FieldProblems = Record<string, string>;

function checkPort(problems: FieldProblems, id: string, port: number | undefined, what: string, required: boolean) {
  if (port === undefined) {
    if (required) problems[id] = `Enter the ${what}, a number from 1 to 65535.`;
  } else if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems[id] = `The ${what} must be a whole number from 1 to 65535, not ${port}.`;
  }
}

export function formProblems(values: FormValues): FieldProblems {
  const problems: FieldProblems = {};
  if (values.cpus !== undefined && (!Number.isInteger(values.cpus) || values.cpus < 1)) {
    problems.cpus = `CPUs must be a whole number of at least 1, not ${values.cpus}.`;
  }
  for (const key of ['memory', 'disk'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    const gib = sizeInGiB(value);
    if (gib === undefined) problems[key] = `"${value}" is not a size: write a number and a unit, e.g. ${key === 'memory' ? '4GiB or 512MiB' : '100GiB'}.`;
    else if (gib <= 0) problems[key] = `The ${key} size must be more than zero.`;
  }
  values.mounts.forEach((mount, k) => {
    if (mount.location.trim() === '') problems[`mounts.${k}.location`] = 'Enter the host directory to share, e.g. ~/src.';
  });
  values.portForwards.forEach((pf, k) => {
    checkPort(problems, `portForwards.${k}.guestPort`, pf.guestPort, 'guest port', true);
    checkPort(problems, `portForwards.${k}.hostPort`, pf.hostPort, 'host port', false);
  });
  return problems;
}
