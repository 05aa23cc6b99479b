import { failure, type ApiFailure, type ApiIssue } from '../../common/api';
import { TemplateLocatorError } from '../config/templates';
import type { ConfigIssue } from '../config/types';
import { SeemsRunningError } from '../hostagent/pid-lock';
import { InvalidInstanceNameError } from '../store/names';
import { ConfigConflictError, ConfigInvalidError, InstanceExistsError, InstanceNotFoundError, InstanceStateError } from '../instances/errors';
import { DiskExistsError, DiskNotFoundError, DiskRequestError, DiskStateError } from '../disks/errors';
import { YqError } from '../config/yq/errors';
import { EditFlagError } from '../instances/edit-flags';
import { SftpError } from '../ssh/sftp';

// What the host's file system says no with; the user can act on these (free space, fix permissions).
const HOST_IO_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO']);

export function toApiIssue(issue: ConfigIssue): ApiIssue {
  const out: ApiIssue = { severity: issue.severity, field: issue.field, message: issue.message };
  if (issue.file !== undefined) out.file = issue.file;
  if (issue.line !== undefined) out.line = issue.line;
  if (issue.col !== undefined) out.col = issue.col;
  return out;
}

/**
 * Turns the errors core throws for expected situations into typed failures the UI can show.
 * Anything else is a bug somewhere below: it becomes 'internal' with its message, and the
 * caller logs it with the stack.
 */
export function toApiFailure(err: unknown): ApiFailure {
  if (err instanceof ConfigInvalidError) return failure('invalid-config', err.message, err.issues.map(toApiIssue));
  if (err instanceof ConfigConflictError) return failure('conflict', err.message);
  if (err instanceof InstanceNotFoundError) return failure('not-found', err.message);
  if (err instanceof InstanceExistsError) return failure('exists', err.message);
  if (err instanceof InstanceStateError) return failure('wrong-state', err.message);
  if (err instanceof TemplateLocatorError) return failure('not-found', err.message);
  if (err instanceof InvalidInstanceNameError) return failure('invalid-request', err.message);
  if (err instanceof SeemsRunningError) return failure('wrong-state', err.message);
  if (err instanceof DiskNotFoundError) return failure('not-found', err.message);
  if (err instanceof DiskExistsError) return failure('exists', err.message);
  if (err instanceof DiskStateError) return failure('wrong-state', err.message);
  if (err instanceof DiskRequestError || err instanceof YqError || err instanceof EditFlagError) return failure('invalid-request', err.message);
  if (err instanceof SftpError) return failure(err.notFound ? 'not-found' : 'host-io', err.message);
  const message = err instanceof Error ? err.message : String(err);
  if (HOST_IO_CODES.has((err as NodeJS.ErrnoException | undefined)?.code ?? '')) return failure('host-io', message);
  return failure('internal', message);
}

