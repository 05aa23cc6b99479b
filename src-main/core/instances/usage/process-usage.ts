import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What the host spends on one process: CPU time so far, and memory resident now. */
export interface ProcessUsage {
  cpuSeconds: number;
  rssBytes: number;
}

/**
 * /proc/PID/stat: utime and stime (fields 14 and 15, in clock ticks) and rss (field 24, in
 * pages). The command name (field 2) may hold spaces and parentheses, so fields are counted
 * from its closing parenthesis.
 */
export function parseProcStat(text: string, clockTicks: number, pageSize: number): ProcessUsage {
  const fields = text.slice(text.lastIndexOf(')') + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rss = Number(fields[21]);
  if (![utime, stime, rss].every(Number.isFinite)) throw new Error(`unreadable /proc stat line: ${text.slice(0, 80)}`);
  return { cpuSeconds: (utime + stime) / clockTicks, rssBytes: rss * pageSize };
}

/** `ps -o time=,rss=` on macOS: `[[dd-]hh:]mm:ss.cc` and KiB. */
export function parsePsLine(line: string): ProcessUsage {
  const [time, rss] = line.trim().split(/\s+/);
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(time ?? '');
  const kib = Number(rss);
  if (!match || !Number.isFinite(kib)) throw new Error(`unreadable ps output: ${JSON.stringify(line)}`);
  const [, days, hours, minutes, seconds] = match;
  const cpuSeconds = Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
  return { cpuSeconds, rssBytes: kib * 1024 };
}

function run(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(program, args, { timeout: 5000 }, (err, stdout) => (err ? reject(err) : resolve(String(stdout)))));
}

let linuxUnits: Promise<{ clockTicks: number; pageSize: number }> | undefined;

/** CLK_TCK and the page size, asked once (getconf), with Linux's usual values if it cannot answer. */
function procUnits(): Promise<{ clockTicks: number; pageSize: number }> {
  linuxUnits ??= Promise.all([run('getconf', ['CLK_TCK']).catch(() => '100'), run('getconf', ['PAGESIZE']).catch(() => '4096')]).then(([ticks, page]) => ({
    clockTicks: Number(ticks.trim()) || 100,
    pageSize: Number(page.trim()) || 4096,
  }));
  return linuxUnits;
}

/** The process's usage now, or undefined when it is gone. */
export async function readProcessUsage(pid: number, platform: NodeJS.Platform = process.platform): Promise<ProcessUsage | undefined> {
  if (pid <= 0) return undefined;
  if (platform === 'linux') {
    const text = procStat(pid);
    if (text === undefined) return undefined;
    const units = await procUnits();
    return parseProcStat(text, units.clockTicks, units.pageSize);
  }
  const out = await run('ps', ['-o', 'time=,rss=', '-p', String(pid)]).catch(() => undefined);
  return out?.trim() ? parsePsLine(out) : undefined;
}

/**
 * /proc/PID/stat, undefined once the process is gone. Synchronous: /proc answers from memory,
 * and a read per VM every sample would otherwise be four trips through the thread pool.
 */
function procStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}
