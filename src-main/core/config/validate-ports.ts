/** Lima's port rule, shared by ssh.localPort and port forwards; undefined when the port is fine. */
export function portProblem(field: string, port: number): string | undefined {
  if (port < 0) return `field \`${field}\` must be > 0`;
  if (port === 0) return `field \`${field}\` must be set`;
  if (port === 22) return `field \`${field}\` must not be 22`;
  if (port > 65535) return `field \`${field}\` must be < 65536`;
  return undefined;
}
