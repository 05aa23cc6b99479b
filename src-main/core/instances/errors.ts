import type { ConfigIssue } from '../config/types';
import { formatIssue } from '../store/issue-text';

/** A lima.yaml that does not validate; `issues` carry the positions for an editor to show. */
export class ConfigInvalidError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigInvalidError';
  }
}

/** lima.yaml changed on disk after the caller read it; `currentText` is what is there now. */
export class ConfigConflictError extends Error {
  constructor(readonly instanceName: string, readonly currentText: string, readonly currentMtime: number) {
    super(`lima.yaml of ${JSON.stringify(instanceName)} changed on disk since it was opened`);
    this.name = 'ConfigConflictError';
  }
}

export class InstanceExistsError extends Error {
  constructor(readonly instanceName: string, readonly dir: string) {
    super(`instance ${JSON.stringify(instanceName)} already exists (${JSON.stringify(dir)})`);
    this.name = 'InstanceExistsError';
  }
}

export class InstanceNotFoundError extends Error {
  constructor(readonly instanceName: string) {
    super(`instance ${JSON.stringify(instanceName)} does not exist`);
    this.name = 'InstanceNotFoundError';
  }
}

/** The instance is in a state that forbids the operation (running, protected, …). */
export class InstanceStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstanceStateError';
  }
}
