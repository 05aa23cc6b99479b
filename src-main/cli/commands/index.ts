import type { CliCommand } from '../../common/command';
import { COMMAND_INFO } from './command-info';
import { lazyCommand } from './lazy-command';

/** Every CLI command, in the order help lists them; each module is loaded when its command runs. */
export const COMMANDS: CliCommand[] = [
  lazyCommand(COMMAND_INFO.list, () => import('./list').then((m) => m.listCommand)),
  lazyCommand(COMMAND_INFO.create, () => import('./create').then((m) => m.createCommand)),
  lazyCommand(COMMAND_INFO.start, () => import('./start').then((m) => m.startCommand)),
  lazyCommand(COMMAND_INFO.stop, () => import('./stop').then((m) => m.stopCommand)),
  lazyCommand(COMMAND_INFO.restart, () => import('./restart').then((m) => m.restartCommand)),
  lazyCommand(COMMAND_INFO.delete, () => import('./delete').then((m) => m.deleteCommand)),
  lazyCommand(COMMAND_INFO.clone, () => import('./clone').then((m) => m.cloneCommand)),
  lazyCommand(COMMAND_INFO.rename, () => import('./clone').then((m) => m.renameCommand)),
  lazyCommand(COMMAND_INFO.edit, () => import('./edit').then((m) => m.editCommand)),
  lazyCommand(COMMAND_INFO['factory-reset'], () => import('./factory-reset').then((m) => m.factoryResetCommand)),
  lazyCommand(COMMAND_INFO.protect, () => import('./protect').then((m) => m.protectCommand)),
  lazyCommand(COMMAND_INFO.unprotect, () => import('./protect').then((m) => m.unprotectCommand)),
  lazyCommand(COMMAND_INFO.copy, () => import('./copy').then((m) => m.copyCommand)),
  lazyCommand(COMMAND_INFO.disk, () => import('./disk').then((m) => m.diskCommand)),
  lazyCommand(COMMAND_INFO.snapshot, () => import('./snapshot').then((m) => m.snapshotCommand)),
  lazyCommand(COMMAND_INFO.shell, () => import('./shell').then((m) => m.shellCommand)),
  lazyCommand(COMMAND_INFO.vnc, () => import('./vnc').then((m) => m.vncCommand)),
  lazyCommand(COMMAND_INFO.ports, () => import('./ports').then((m) => m.portsCommand)),
  lazyCommand(COMMAND_INFO.tunnel, () => import('./tunnel').then((m) => m.tunnelCommand)),
  lazyCommand(COMMAND_INFO.top, () => import('./top').then((m) => m.topCommand)),
  lazyCommand(COMMAND_INFO.logs, () => import('./logs').then((m) => m.logsCommand)),
  lazyCommand(COMMAND_INFO.info, () => import('./info').then((m) => m.infoCommand)),
  lazyCommand(COMMAND_INFO['start-at-login'], () => import('./start-at-login').then((m) => m.startAtLoginCommand)),
  lazyCommand(COMMAND_INFO.prune, () => import('./prune').then((m) => m.pruneCommand)),
  lazyCommand(COMMAND_INFO.validate, () => import('./validate').then((m) => m.validateCommand)),
  lazyCommand(COMMAND_INFO.host, () => import('./host').then((m) => m.hostCommand)),
  lazyCommand(COMMAND_INFO.schema, () => import('./schema').then((m) => m.schemaCommand)),
  lazyCommand(COMMAND_INFO.hostagent, () => import('./hostagent').then((m) => m.hostagentCommand)),
];
