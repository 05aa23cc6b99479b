// Placeholder dispatcher; commands are registered in commands/.
export async function runCli(argv: string[]): Promise<number> {
  process.stderr.write(`limadesk: unknown command ${argv[0] ?? ''}\n`);
  return 2;
}
