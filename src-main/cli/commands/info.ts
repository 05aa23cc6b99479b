import type { CliCommand } from '../../common/command';
import { limaHome } from '../../core/api/local-host';
import { hostInfoReport, limadeskVersion } from '../../core/api/local-verbs';
import { parseFlags } from './flags';
import { COMMAND_INFO } from './command-info';

export const infoCommand: CliCommand = {
  ...COMMAND_INFO.info,
  async run(ctx) {
    const { values } = parseFlags(ctx.argv, { json: { type: 'boolean', default: false } });
    const info = await hostInfoReport({ limaHome: limaHome(ctx.env), env: ctx.env, limadeskVersion: limadeskVersion() });
    if (values.json) {
      ctx.stdout(`${JSON.stringify(info, null, 4)}\n`);
      return 0;
    }
    const lines = [
      `Limadesk version: ${info.limadeskVersion} (follows Lima ${info.version})`,
      `LIMA_HOME:        ${info.limaHome}`,
      `Host:             ${info.hostOS}/${info.hostArch}`,
      `VM types:         ${info.vmTypes.join(', ')}`,
      `SSH identity:     ${info.identityFile}`,
      `Templates:        ${info.templates.length} (${info.templates.slice(0, 8).map((t) => t.name).join(', ')}${info.templates.length > 8 ? ', …' : ''})`,
      ...(info.defaultTemplate ? [`Default template: ${info.defaultTemplate.cpus} CPUs, ${info.defaultTemplate.memory} memory, ${info.defaultTemplate.disk} disk`] : []),
      ...(info.errors ?? []).map((e) => `Problem:          ${e}`),
    ];
    ctx.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
