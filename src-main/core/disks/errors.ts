/** A disk named in a request that has no `$LIMA_HOME/_disks/<name>/datadisk`. */
export class DiskNotFoundError extends Error {
  constructor(readonly diskName: string, readonly dir: string) {
    super(`disk ${JSON.stringify(diskName)} does not exist (no ${JSON.stringify(`${dir}/datadisk`)})`);
    this.name = 'DiskNotFoundError';
  }
}

export class DiskExistsError extends Error {
  constructor(readonly diskName: string, readonly dir: string) {
    super(`disk ${JSON.stringify(diskName)} already exists (${JSON.stringify(dir)})`);
    this.name = 'DiskExistsError';
  }
}

/** The disk is held by an instance, or named by one, in a way that forbids the operation. */
export class DiskStateError extends Error {
  constructor(message: string, readonly instances: readonly string[] = []) {
    super(message);
    this.name = 'DiskStateError';
  }
}

/** A disk name, size or format that cannot be used; the message names the value and what is expected. */
export class DiskRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiskRequestError';
  }
}
