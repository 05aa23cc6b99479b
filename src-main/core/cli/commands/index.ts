import type { CliCommand } from '../command';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { listCommand } from './list';
import { schemaCommand } from './schema';
import { serveCommand } from './serve';
import { validateCommand } from './validate';

/** Every CLI command, in the order help lists them. Each command lives in its own file. */
export const COMMANDS: CliCommand[] = [listCommand, createCommand, deleteCommand, serveCommand, validateCommand, schemaCommand];
