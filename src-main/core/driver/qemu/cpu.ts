import type { Arch, CPUType } from '../../config/types';
import type { HostFacts } from './host-facts';

export interface CpuChoice {
  model: string;
  warnings: string[];
}

function hostModelWorks(host: HostFacts): boolean {
  if (host.os === 'linux') return true;
  // QEMU's handling of SME on Apple M4 and later breaks `-cpu host`.
  if (host.os === 'darwin') return !host.featSME;
  return false;
}

/** Lima's default model for an arch on this host and accelerator, before user overrides. */
export function defaultCpuModel(arch: Arch, host: HostFacts, accel: string): string {
  let model = host.os === 'windows' && host.arch === 'x86_64' && arch === 'x86_64' ? 'qemu64' : 'max';
  if (arch === host.arch && accel !== 'tcg' && hostModelWorks(host)) model = 'host';
  // These features crash x86_64 guests under HVF and under TCG on Apple Silicon.
  if (host.os === 'darwin' && arch === 'x86_64') model += ',-avx512vl,-pdpe1gb';
  return model;
}

export function chooseCpu(arch: Arch, host: HostFacts, accel: string, configured: CPUType | undefined): CpuChoice {
  const warnings: string[] = [];
  const model = configured?.[arch] || defaultCpuModel(arch, host, accel);
  if (host.os === 'darwin' && host.arch === 'x86_64' && arch === 'x86_64' && /^(host|max)/.test(model) && !model.includes(',-pdpe1gb')) {
    warnings.push(`on Intel Mac, CPU type ${JSON.stringify(model)} should be followed by ",-pdpe1gb" to avoid guest crashes`);
  }
  return { model, warnings };
}

/** `-cpu help` lists models as `x86 Haswell-v4  (alias …)` or `  cortex-a72`; `max` is always there. */
export function cpuSupported(cpuHelp: string, model: string): boolean {
  const name = model.split(',', 1)[0] ?? model;
  if (name === 'max' || cpuHelp === '') return true;
  return cpuHelp.split('\n').some((line) => line.trim().split(/\s+/).includes(name));
}
