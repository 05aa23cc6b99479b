import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PortForwardInfo } from '../../common/api';
import { CliError, type CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { HostAgentSock, readPortForwards, requireInstance } from '../../core/api/local-instances';
import { asCliErrors } from './instance-errors';

/** Columns padded to their widest cell, as `limactl list` prints its table. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join('').trimEnd()).join('\n') + '\n';
}

function stateText(f: PortForwardInfo): string {
  if (f.state === 'failed') return `failed: ${f.error ?? 'unknown error'}`;
  return f.state;
}

export const portsCommand: CliCommand = {
  name: 'ports',
  summary: "List a running instance's port and socket forwards",
  usage: 'limadesk ports NAME [--json]',
  async run(ctx) {
    let parsed;
    try {
      parsed = parseArgs({ args: ctx.argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    } catch (err) {
      throw new CliError((err as Error).message, 2);
    }
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
    const rows = [['PROTO', 'GUEST', 'HOST', 'STATE']];
    for (const f of forwards) rows.push([f.reverse ? `${f.protocol} (reverse)` : f.protocol, f.guestAddr, f.hostAddr ?? '-', stateText(f)]);
    ctx.stdout(table(rows));
    return 0;
  },
};
