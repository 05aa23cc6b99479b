import type { CliCommand } from '../command';
import { serveCommand } from './serve';

/** Every CLI command, in the order help lists them. Each command lives in its own file. */
export const COMMANDS: CliCommand[] = [serveCommand];
