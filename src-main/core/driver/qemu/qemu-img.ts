import type { DiskImageTool } from '../driver';
import { execFileRunner, failureText, type Runner } from './runner';

/** The fields of `qemu-img info --output=json` that disk handling looks at. */
export interface QemuImgInfo {
  format: string;
  virtualSize: number;
  backingFilename?: string;
  /** VMDK only: extent files; more than the image itself means external extents. */
  extentFilenames: string[];
  /** Children (format-specific) whose filename equals the image's own, for the sanity check. */
  childFilenames: string[];
  filename: string;
}

interface RawInfo {
  'format'?: unknown;
  'virtual-size'?: unknown;
  'backing-filename'?: unknown;
  'filename'?: unknown;
  'format-specific'?: { data?: { extents?: Array<{ filename?: unknown }> } };
  'children'?: Array<{ info?: { filename?: unknown } }>;
}

const QEMU_IMG = 'qemu-img';

async function qemuImg(runner: Runner, args: string[]): Promise<string> {
  const result = await runner(QEMU_IMG, args);
  if (result.code !== 0) throw new Error(failureText(QEMU_IMG, args, result));
  return result.stdout;
}

export async function qemuImgInfo(runner: Runner, file: string): Promise<QemuImgInfo> {
  // --force-share: the image may be open by a running QEMU; reading metadata is still safe.
  const stdout = await qemuImg(runner, ['info', '--output=json', '--force-share', file]);
  let raw: RawInfo;
  try {
    raw = JSON.parse(stdout) as RawInfo;
  } catch (err) {
    throw new Error(`qemu-img info ${file}: unreadable JSON: ${(err as Error).message}`, { cause: err });
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    format: str(raw.format) ?? '',
    virtualSize: typeof raw['virtual-size'] === 'number' ? raw['virtual-size'] : 0,
    backingFilename: str(raw['backing-filename']),
    filename: str(raw.filename) ?? file,
    extentFilenames: (raw['format-specific']?.data?.extents ?? []).map((e) => str(e.filename) ?? ''),
    childFilenames: (raw.children ?? []).map((c) => str(c.info?.filename) ?? ''),
  };
}

export async function qemuImgCreate(runner: Runner, file: string, format: string, bytes: number, backing?: { file: string; format: string }): Promise<void> {
  const args = ['create', '-f', format];
  if (backing) args.push('-F', backing.format, '-b', backing.file);
  await qemuImg(runner, [...args, file, String(bytes)]);
}

export async function qemuImgResize(runner: Runner, file: string, format: string, bytes: number): Promise<void> {
  await qemuImg(runner, ['resize', '-f', format, file, String(bytes)]);
}

/** `qemu-img snapshot -c|-a|-d <tag>` or `-l`; failures carry qemu-img's stderr. */
export async function qemuImgSnapshot(runner: Runner, file: string, op: '-c' | '-a' | '-d' | '-l', tag?: string): Promise<string> {
  return qemuImg(runner, ['snapshot', op, ...(tag === undefined ? [] : [tag]), file]);
}

/** `qemu-img` as the driver-independent image tool of driver.ts. */
export function qemuImgTool(runner: Runner = execFileRunner): DiskImageTool {
  return {
    create: (file, format, bytes) => qemuImgCreate(runner, file, format, bytes),
    resize: (file, format, bytes) => qemuImgResize(runner, file, format, bytes),
    info: async (file) => {
      const info = await qemuImgInfo(runner, file);
      return { format: info.format, virtualSize: info.virtualSize, ...(info.backingFilename ? { backingFilename: info.backingFilename } : {}) };
    },
    setBackingFile: async (file, backing, backingFormat) => {
      await qemuImg(runner, ['rebase', '-u', '-F', backingFormat, '-b', backing, file]);
    },
  };
}
