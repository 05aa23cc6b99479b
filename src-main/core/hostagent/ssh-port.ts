import net from 'node:net';

/**
 * The host port forwarded to the guest's SSH: the configured `ssh.localPort`, or a port the
 * kernel hands out as free on 127.0.0.1 (bound then released, as Lima does; QEMU binds it
 * again for its hostfwd a moment later).
 */
export async function pickSshPort(configured: number | undefined): Promise<number> {
  if (configured && configured > 0) {
    await requirePortFree(configured);
    return configured;
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port on 127.0.0.1'));
      });
    });
  });
}

/**
 * A fixed `ssh.localPort` that another program holds would make QEMU exit during boot with
 * a hostfwd error that never names the setting; say which port and what to do instead.
 */
async function requirePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`ssh.localPort ${port} is already in use on 127.0.0.1 by another program; free it, choose another port, or set ssh.localPort to 0 to pick a free one`));
      } else {
        reject(new Error(`ssh.localPort ${port} cannot be used on 127.0.0.1: ${err.message}`));
      }
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
