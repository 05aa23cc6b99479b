/**
 * What a front door needs of this host that is not an API call: where LIMA_HOME and Lima's
 * download cache are, how a host agent is launched from this process, and the stderr logger
 * of command-line tools.
 */
export { limaHome } from '../store/lima-home';
export { agentCommandForThisProcess } from '../hostagent/agent-command';
export type { AgentCommand } from '../hostagent/spawn';
export { limaCacheDir } from '../images/cache-dir';
export { pruneCache } from '../images/prune';
export { formatBytes, formatProgressLine, type DownloadProgress } from '../images/progress';
export { createStderrLogger } from '../log/stderr-logger';
