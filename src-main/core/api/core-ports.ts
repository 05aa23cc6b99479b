import path from 'node:path';
import type { ApiEventEnvelope } from '../../common/api';
import type { Logger } from '../../common/logger';
import { describeTemplates } from '../config/template-info';
import { validateTemplate } from '../config/template-validate';
import { resolveTemplate } from '../config/templates';
import { readPortForwards } from '../hostagent/port-forward/client';
import type { AgentCommand } from '../hostagent/spawn';
import { imageEventHandlers } from '../images/api-events';
import type { InstanceCatalog } from '../instances/catalog';
import { InstanceLifecycle } from '../instances/lifecycle';
import { parseSnapshotTable } from '../instances/snapshot-table';
import { InstanceSnapshots } from '../instances/snapshots';
import { HostAgentSock } from '../store/filenames';
import type { ConfigPort, LifecyclePort, PortForwardsPort, SnapshotsPort, TemplatesPort } from './ports';

/** The API's ports wired to the real instance domain of one LIMA_HOME. */

export function lifecyclePort(limaHome: string, agent: AgentCommand, logger: Logger, emit: (e: ApiEventEnvelope) => void, imageCacheDir: string): LifecyclePort {
  const lifecycle = new InstanceLifecycle(limaHome, { logger, agent, imageCacheDir });
  return {
    start: async (name) => {
      await lifecycle.start(name, imageEventHandlers(name, emit));
    },
    stop: async (name, options) => {
      await lifecycle.stop(name, { force: options?.force ?? false });
    },
  };
}

export function snapshotsPort(limaHome: string, logger: Logger): SnapshotsPort {
  const snapshots = new InstanceSnapshots(limaHome, { logger });
  return {
    list: async (name) => parseSnapshotTable(await snapshots.list(name)),
    create: (name, tag) => snapshots.create(name, tag),
    apply: (name, tag) => snapshots.apply(name, tag),
    delete: (name, tag) => snapshots.delete(name, tag),
  };
}

// The name a text with no instance stands for while it is validated: only its directory (for
// relative `base:` locators) and the defaults of a new instance matter.
const NEW_INSTANCE = 'new-instance';

/**
 * Validates a lima.yaml text as `limactl validate` would, its bases embedded first, as the
 * lima.yaml of `instance` (or of a new one). Problems in the text itself carry no file; those
 * in a base template name the base.
 */
export function configPort(limaHome: string, env: NodeJS.ProcessEnv): ConfigPort {
  return {
    async validateText(text, instance) {
      const name = instance ?? NEW_INSTANCE;
      const standsFor = path.join(limaHome, name, `${name}.yaml`);
      const result = await validateTemplate(standsFor, { limaHome, env, text, warn: true });
      return result.issues.map((i) => (i.file === standsFor || i.file === result.source ? { ...i, file: undefined } : i));
    },
  };
}

export function templatesPort(limaHome: string, env: NodeJS.ProcessEnv): TemplatesPort {
  const opts = { limaHome, env };
  return {
    list: async () =>
      (await describeTemplates(opts)).map((t) => ({
        name: t.name,
        description: t.description,
        ...(t.os ? { os: t.os } : {}),
        ...(t.distro ? { distro: t.distro } : {}),
        ...(t.message ? { message: t.message } : {}),
      })),
    readText: async (name) => (await resolveTemplate(`template:${name}`, opts)).text,
  };
}

/** Asks a running instance's host agent for its forwards; a stopped instance has none. */
export function portForwardsPort(limaHome: string, catalog: InstanceCatalog): PortForwardsPort {
  return {
    async list(name) {
      const inst = await catalog.inspect(name);
      if (inst.status !== 'Running') return [];
      return readPortForwards(path.join(inst.dir, HostAgentSock));
    },
  };
}
