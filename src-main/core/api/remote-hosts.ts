/**
 * What a front door needs to reach other hosts outside the API service: the hosts file, a
 * one-off connection (the CLI's `--host` and `host add`), and why one failed.
 */
export { hostsFilePath, readHostsFile, updateHostsFile, canonicalHost, HostsFileError } from './hosts/hosts-file';
export { connectHost, HostConnectError, type HostConnection, type ConnectOptions } from './hosts/connect-host';
export { DEFAULT_REMOTE_COMMAND, remoteCliArgv, shellWord } from './hosts/ssh-argv';
export { HOST_ROUTED } from './hosts/routing';
