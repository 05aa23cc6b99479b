import type { ApiEventEnvelope, ApiMethodName, ApiParams, ApiResult, ApiValue, HostSettings } from '../../common/api';
import { CliError, type CliContext } from '../../common/command';
import { limadeskVersion } from '../../core/api/limadesk-version';
import { connectHost, HostConnectError, HostsFileError, hostsFilePath, readHostsFile, type HostConnection } from '../../core/api/remote-hosts';

/** The settings of the host called `name`, from hosts.json, or a CliError that says what exists. */
export async function findHost(ctx: CliContext, name: string): Promise<HostSettings> {
  const file = hostsFilePath(ctx.env);
  let hosts: HostSettings[];
  try {
    hosts = await readHostsFile(file);
  } catch (err) {
    if (err instanceof HostsFileError) throw new CliError(err.message);
    throw err;
  }
  const found = hosts.find((h) => h.name === name);
  if (found) return found;
  const known = hosts.map((h) => h.name).join(', ');
  throw new CliError(`no host named ${JSON.stringify(name)} (${known ? `the hosts are: ${known}` : 'no host has been added yet'}; \`limadesk host add NAME USER@HOST\` adds one)`);
}

/** A connected host and a typed way to call its API. */
export interface RemoteCli {
  host: HostSettings;
  connection: HostConnection;
  /** Calls a method on the host; a failure becomes a CliError with the host's message. */
  call<M extends ApiMethodName>(method: M, params: ApiParams<M>): Promise<ApiValue<M>>;
  /** The same, with the failure handed back instead. */
  try<M extends ApiMethodName>(method: M, params: ApiParams<M>): Promise<ApiResult<ApiValue<M>>>;
}

/**
 * Runs `work` against host `name` over one SSH connection (known host keys only), closed
 * afterwards whatever happens. `onEvent` receives the host's pushed events.
 */
export async function withHost<T>(ctx: CliContext, name: string, work: (remote: RemoteCli) => Promise<T>, onEvent?: (event: ApiEventEnvelope) => void): Promise<T> {
  const host = await findHost(ctx, name);
  let connection: HostConnection;
  try {
    connection = await connectHost(host, { hostKeys: 'known-only', limadeskVersion: limadeskVersion(), logger: ctx.logger, ...(onEvent ? { onEvent } : {}) });
  } catch (err) {
    if (err instanceof HostConnectError) throw new CliError(`cannot reach host ${JSON.stringify(name)}: ${err.message}`);
    throw err;
  }
  const tryCall = async <M extends ApiMethodName>(method: M, params: ApiParams<M>) => (await connection.api.call(method, params)) as ApiResult<ApiValue<M>>;
  try {
    return await work({
      host,
      connection,
      try: tryCall,
      call: async (method, params) => {
        const result = await tryCall(method, params);
        if (!result.ok) throw new CliError(`${result.message}${result.issues?.length ? `\n${result.issues.map((i) => `  ${i.field || '(document)'}: ${i.message}`).join('\n')}` : ''}`);
        return result.value;
      },
    });
  } finally {
    await connection.close();
  }
}

/** Resolves on Ctrl-C (or SIGTERM), for commands that run until the user stops them. */
export function untilInterrupted(): { promise: Promise<void>; dispose: () => void } {
  let stop: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
