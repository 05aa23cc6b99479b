import { writeSync } from 'node:fs';
import path from 'node:path';
import { loadLimaYaml } from '../config/load';
import { createDriver } from '../driver/registry';
import { HostAgent } from '../hostagent/agent';
import { limadeskCacheDir } from '../images/cache-dir';
import { createJsonLogger } from '../hostagent/json-logger';
import { qmpAnswers } from '../hostagent/qmp-ready';
import { limaHome } from '../store/lima-home';
import { instanceDir } from '../store/names';

export interface HostAgentMainOptions {
  name: string;
  pidFile: string;
  socketPath: string;
  env: NodeJS.ProcessEnv;
}

/**
 * LIMADESK_REQUIREMENT_TIMEOUT (seconds) shortens or lengthens how long each boot requirement
 * and readiness probe is retried; Lima's 10 minutes otherwise.
 */
function requirementTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const seconds = Number(env.LIMADESK_REQUIREMENT_TIMEOUT);
  return env.LIMADESK_REQUIREMENT_TIMEOUT && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * The whole life of a host agent process, with the real config loader, driver and QMP: the
 * body of `limadesk hostagent`, run detached with stdout and stderr already pointing at
 * ha.stdout.log and ha.stderr.log. Resolves to the process exit code.
 */
export async function runHostAgentMain(options: HostAgentMainOptions): Promise<number> {
  const home = limaHome(options.env);
  const logger = createJsonLogger('debug');
  const agent = new HostAgent(
    {
      limaHome: home,
      name: options.name,
      dir: instanceDir(home, options.name),
      pidFile: path.resolve(options.pidFile),
      socketPath: path.resolve(options.socketPath),
      requirementTimeoutMs: requirementTimeoutMs(options.env),
    },
    {
      loadConfig: loadLimaYaml,
      // QEMU's probe answers are kept beside Lima's download cache, in Limadesk's own folder.
      createDriver: (vmType, instance, deps) => createDriver(vmType, instance, { ...deps, cacheDir: limadeskCacheDir(options.env) }),
      qmpAnswers,
      logger,
      // Synchronous: an event must be in ha.stdout.log before anyone is told about its effects.
      writeEvent: (line) => void writeSync(1, line),
    },
  );
  const onSignal = (signal: NodeJS.Signals): void => agent.requestStop(signal);
  const onHangUp = (): void => logger.info('ignoring SIGHUP');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Our terminal (if any) going away must not take the VM with it.
  process.on('SIGHUP', onHangUp);
  try {
    return await agent.run();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onHangUp);
  }
}
