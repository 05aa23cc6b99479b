import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PortForwardInfo } from '../../common/api';
import { CliError, type CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { HostAgentSock, readPortForwards, requireInstance } from '../../core/api/local-instances';
import { asCliErrors } from './instance-errors';
import { COMMAND_INFO } from './command-info';

/** Columns padded to their widest cell, as `limactl list` prints its table. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join('').trimEnd()).join('\n') + '\n';
}

function stateText(f: PortForwardInfo): string {
  if (f.state === 'failed') return `failed: ${f.error ?? 'unknown error'}`;
  return f.state;
}

/** The forwards as `limadesk ports` prints them. */
export function forwardsTable(forwards: readonly PortForwardInfo[]): string {
  const rows = [['PROTO', 'GUEST', 'HOST', 'STATE']];
  for (const f of forwards) rows.push([f.reverse ? `${f.protocol} (reverse)` : f.protocol, f.guestAddr, f.hostAddr ?? '-', stateText(f)]);
  return table(rows);
}

export const portsCommand: CliCommand = {
  ...COMMAND_INFO.ports,
  async run(ctx) {
    const parsed = parseArgs({ args: ctx.argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [name, ...extra] = parsed.positionals;
    if (!name || extra.length > 0) throw new CliError(`expected exactly one instance name\nUsage: ${portsCommand.usage}`, 2);
    const inst = await asCliErrors(() => requireInstance(limaHome(ctx.env), name));
    if (inst.status !== 'Running') throw new CliError(`instance ${JSON.stringify(name)} is ${inst.status}: forwards exist only while it runs (start it with \`limadesk start ${name}\`)`);
    const forwards = await readPortForwards(path.join(inst.dir, HostAgentSock));
    if (parsed.values.json) {
      ctx.stdout(`${JSON.stringify(forwards)}\n`);
      return 0;
    }
    if (forwards.length === 0) {
      ctx.logger.info(`No forwards yet: the host agent forwards guest ports once the guest answers SSH (${name} listens on nothing forwardable, or SSH is not up).`);
      return 0;
    }
    ctx.stdout(forwardsTable(forwards));
    return 0;
  },
};
