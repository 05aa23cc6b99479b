import type { CliCommand } from '../../common/command';
import { cloneCommand, renameCommand } from './clone';
import { copyCommand } from './copy';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { diskCommand } from './disk';
import { editCommand } from './edit';
import { factoryResetCommand } from './factory-reset';
import { hostagentCommand } from './hostagent';
import { infoCommand } from './info';
import { listCommand } from './list';
import { logsCommand } from './logs';
import { portsCommand } from './ports';
import { protectCommand, unprotectCommand } from './protect';
import { pruneCommand } from './prune';
import { restartCommand } from './restart';
import { schemaCommand } from './schema';
import { shellCommand } from './shell';
import { snapshotCommand } from './snapshot';
import { startCommand } from './start';
import { startAtLoginCommand } from './start-at-login';
import { stopCommand } from './stop';
import { topCommand } from './top';
import { tunnelCommand } from './tunnel';
import { validateCommand } from './validate';
import { vncCommand } from './vnc';

/** Every CLI command, in the order help lists them. Each command lives in its own file. */
export const COMMANDS: CliCommand[] = [
  listCommand,
  createCommand,
  startCommand,
  stopCommand,
  restartCommand,
  deleteCommand,
  cloneCommand,
  renameCommand,
  editCommand,
  factoryResetCommand,
  protectCommand,
  unprotectCommand,
  copyCommand,
  diskCommand,
  snapshotCommand,
  shellCommand,
  vncCommand,
  portsCommand,
  tunnelCommand,
  topCommand,
  logsCommand,
  infoCommand,
  startAtLoginCommand,
  pruneCommand,
  validateCommand,
  schemaCommand,
  hostagentCommand,
];
