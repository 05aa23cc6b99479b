import { CliError } from '../../common/command';
import { InstanceNotFoundError, InstanceStateError, InvalidInstanceNameError, SeemsRunningError } from '../../core/api/local-instances';

/** Runs `work`, turning the errors a user can act on into CliErrors with their plain message. */
export async function asCliErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (
      err instanceof InstanceNotFoundError ||
      err instanceof InstanceStateError ||
      err instanceof InvalidInstanceNameError ||
      err instanceof SeemsRunningError
    ) {
      throw new CliError(err.message);
    }
    throw err;
  }
}
