import { CliError } from '../../common/command';
import type { EditFlags } from '../../core/api/local-verbs';

/** Lima's RegisterEdit flags, for parseFlags (`edit`, `clone`, `rename`, `restart`). */
export const EDIT_FLAG_OPTIONS = {
  cpus: { type: 'string' },
  dns: { type: 'string', multiple: true },
  memory: { type: 'string' },
  mount: { type: 'string', multiple: true },
  'mount-only': { type: 'string', multiple: true },
  'mount-none': { type: 'boolean' },
  'mount-type': { type: 'string' },
  'mount-writable': { type: 'boolean' },
  'mount-inotify': { type: 'boolean' },
  network: { type: 'string', multiple: true },
  'nested-virt': { type: 'boolean' },
  rosetta: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  param: { type: 'string', multiple: true },
  'ssh-port': { type: 'string' },
  video: { type: 'boolean' },
  disk: { type: 'string' },
  'vm-type': { type: 'string' },
  shell: { type: 'string' },
} as const;

/** The list flags pflag splits at commas (StringSlice); --set and --param are not split (StringArray). */
export const EDIT_SLICE_FLAGS = ['dns', 'mount', 'mount-only', 'network'];

export const EDIT_FLAGS_USAGE = '[--set EXPR]... [--cpus N] [--memory GiB] [--disk GiB] [--mount DIR[:w]]... [--mount-only DIR]... [--mount-none] [--mount-type TYPE] [--mount-writable] [--network lima:NAME] [--dns IP] [--param K=V] [--ssh-port N] [--video] [--vm-type TYPE] [--shell PATH]';

function number(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new CliError(`invalid argument ${JSON.stringify(value)} for "--${flag}" flag: expected ${integer ? 'a whole number' : 'a number'}`, 2);
  }
  return n;
}

/** The parsed flag values as EditFlags (only those given). */
export function editFlagsFrom(values: Record<string, unknown>): EditFlags {
  const v = values as Record<string, string | string[] | boolean | undefined>;
  const flags: EditFlags = {};
  const set = <K extends keyof EditFlags>(key: K, value: EditFlags[K] | undefined): void => {
    if (value !== undefined) flags[key] = value;
  };
  set('cpus', number('cpus', v.cpus as string | undefined, true));
  set('dns', v.dns as string[] | undefined);
  set('memory', number('memory', v.memory as string | undefined, false));
  set('mount', v.mount as string[] | undefined);
  set('mountOnly', v['mount-only'] as string[] | undefined);
  set('mountNone', v['mount-none'] as boolean | undefined);
  set('mountType', v['mount-type'] as string | undefined);
  set('mountWritable', v['mount-writable'] as boolean | undefined);
  set('mountInotify', v['mount-inotify'] as boolean | undefined);
  set('network', v.network as string[] | undefined);
  set('nestedVirt', v['nested-virt'] as boolean | undefined);
  set('rosetta', v.rosetta as boolean | undefined);
  set('set', v.set as string[] | undefined);
  set('param', v.param as string[] | undefined);
  set('sshPort', number('ssh-port', v['ssh-port'] as string | undefined, true));
  set('video', v.video as boolean | undefined);
  set('disk', number('disk', v.disk as string | undefined, false));
  set('vmType', v['vm-type'] as string | undefined);
  set('shell', v.shell as string | undefined);
  return flags;
}
