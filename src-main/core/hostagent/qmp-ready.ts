import net from 'node:net';

const RETRY_MS = 100;

/**
 * Resolves once QEMU's monitor on `socketPath` answers: greeting, capabilities negotiation
 * and a `query-status` reply. The socket appears a moment after QEMU starts, so connection
 * errors are retried until `timeoutMs`. The connection is closed right after, because QEMU
 * serves one QMP client at a time and the driver needs it for its own commands.
 */
export async function qmpAnswers(socketPath: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: Error | undefined;
  while (Date.now() < deadline) {
    try {
      await queryStatusOnce(socketPath, Math.max(1000, deadline - Date.now()));
      return;
    } catch (err) {
      lastError = err as Error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  throw new Error(`QMP at ${socketPath} did not answer in ${timeoutMs / 1000}s: ${lastError?.message ?? 'no attempt'}`);
}

function queryStatusOnce(socketPath: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffered = '';
    let step: 'greeting' | 'capabilities' | 'status' = 'greeting';
    const finish = (err?: Error): void => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error('timed out waiting for QMP')));
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`QMP closed the connection during ${step}`)));
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        const message = JSON.parse(line) as Record<string, unknown>;
        if ('event' in message) continue;
        if (message.error) return finish(new Error(`QMP error during ${step}: ${JSON.stringify(message.error)}`));
        if (step === 'greeting' && message.QMP) {
          step = 'capabilities';
          socket.write('{"execute":"qmp_capabilities"}\n');
        } else if (step === 'capabilities' && 'return' in message) {
          step = 'status';
          socket.write('{"execute":"query-status"}\n');
        } else if (step === 'status' && 'return' in message) {
          return finish();
        }
      }
    });
  });
}
