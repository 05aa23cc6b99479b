import { CliError } from '../../common/command';
import { ConfigConflictError, ConfigInvalidError, InstanceExistsError } from '../../core/api/local-instances';
import { DiskExistsError, DiskNotFoundError, DiskRequestError, DiskStateError, EditFlagError, SftpError, YqError } from '../../core/api/local-verbs';
import { asCliErrors } from './instance-errors';

/** asCliErrors, plus the errors of the verbs: each becomes its plain message (invalid configs with their issues). */
export async function asVerbCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await asCliErrors(work);
  } catch (err) {
    if (err instanceof ConfigInvalidError) throw new CliError(`the resulting lima.yaml is invalid, nothing was changed:\n${err.message}`);
    if (err instanceof EditFlagError || err instanceof YqError || err instanceof DiskRequestError) throw new CliError(err.message, 2);
    if (
      err instanceof InstanceExistsError ||
      err instanceof ConfigConflictError ||
      err instanceof DiskExistsError ||
      err instanceof DiskNotFoundError ||
      err instanceof DiskStateError ||
      err instanceof SftpError
    ) {
      throw new CliError(err.message);
    }
    throw err;
  }
}
