/**
 * The instance domain of this host's LIMA_HOME, as the CLI drives it directly (streaming boot
 * events, following logs, printing limactl's tables): the same classes the API service wires,
 * plus the errors a front door turns into messages.
 */
export { InstanceCatalog } from '../instances/catalog';
export { InstanceLifecycle } from '../instances/lifecycle';
export { InstanceSnapshots } from '../instances/snapshots';
export { SNAPSHOT_ALIASES, snapshotTags } from '../instances/snapshot-table';
export { requireInstance } from '../instances/require-instance';
export { logFile, streamLog, type LogKind } from '../instances/logs';
export { ConfigInvalidError, InstanceExistsError, InstanceNotFoundError, InstanceStateError } from '../instances/errors';
export { SeemsRunningError } from '../hostagent/pid-lock';
export { describeEvent } from '../hostagent/events';
export type { Instance } from '../store/instance';
export { formatInstanceTable, instanceToJSON } from '../store/list-format';
export { hostnameFor, instanceDir, InvalidInstanceNameError } from '../store/names';
export { HostAgentSock, SSHConfig } from '../store/filenames';
export { readPortForwards } from '../hostagent/port-forward/client';
export { vncInfo } from './vnc-info';
