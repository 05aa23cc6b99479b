import type { CliCommand } from '../../common/command';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { hostagentCommand } from './hostagent';
import { listCommand } from './list';
import { logsCommand } from './logs';
import { portsCommand } from './ports';
import { pruneCommand } from './prune';
import { schemaCommand } from './schema';
import { shellCommand } from './shell';
import { snapshotCommand } from './snapshot';
import { startCommand } from './start';
import { stopCommand } from './stop';
import { validateCommand } from './validate';
import { vncCommand } from './vnc';

/** Every CLI command, in the order help lists them. Each command lives in its own file. */
export const COMMANDS: CliCommand[] = [
  listCommand,
  createCommand,
  startCommand,
  stopCommand,
  deleteCommand,
  snapshotCommand,
  shellCommand,
  vncCommand,
  portsCommand,
  logsCommand,
  pruneCommand,
  validateCommand,
  schemaCommand,
  hostagentCommand,
];
