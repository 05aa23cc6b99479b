/**
 * The verbs of limactl beyond create/start/stop/delete, as the CLI drives them directly
 * (printing progress, asking on a terminal): the same functions the API service wires.
 */
export { cloneInstance, type CloneProgress } from '../instances/clone';
export { renameInstance } from '../instances/rename';
export { factoryReset, factoryResetPlan } from '../instances/factory-reset';
export { setProtected } from '../instances/protect';
export { editInstance } from '../instances/edit';
export { editFlagExpressions, EditFlagError, type EditFlags } from '../instances/edit-flags';
export { DiskStore, type DiskEntry } from '../disks/disk-store';
export { DiskExistsError, DiskNotFoundError, DiskRequestError, DiskStateError } from '../disks/errors';
export { copyFiles, type CopyProgress } from '../instances/copy';
export { setStartAtLogin, startAtLoginState } from '../instances/start-at-login';
export { loginCommandOf } from './verb-ports';
export { openSocksTunnel, tunnelInstructions } from '../instances/tunnel';
export { hostInfoReport } from '../instances/host-info';
export { limadeskVersion } from './limadesk-version';
export { UsageSampler } from '../instances/usage/sampler';
export { validateForStart } from '../instances/driver-checks';
export { YqError } from '../config/yq/errors';
export { SftpError } from '../ssh/sftp';
export { formatByteSize } from '../config/units';
