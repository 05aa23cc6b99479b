import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { SSHConfig } from '../store/filenames';
import { hostnameFor } from '../store/names';
import { InstanceStateError } from './errors';
import { runningInstance } from './instance-ssh';

export interface SocksTunnel {
  port: number;
  /** The guest's name on the tunnel (`lima-NAME`), as Lima prints it (`http://lima-NAME.internal`). */
  hostname: string;
}

/** The argv of the ssh that serves the SOCKS proxy: the instance's ssh.config, in the background, no command. */
export function tunnelSshArgv(sshConfig: string, name: string, port: number): string[] {
  return ['-F', sshConfig, '-q', '-f', '-N', '-D', `127.0.0.1:${port}`, hostnameFor(name)];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What Lima tells the user to do with the proxy, per host OS. */
export function tunnelInstructions(tunnel: SocksTunnel, platform: NodeJS.Platform = process.platform): string {
  const lines =
    platform === 'darwin'
      ? ['Open <System Settings> → <Network> → <Wi-Fi> (or whatever) → <Details> → <Proxies> → <SOCKS proxy>,', 'and specify the following configuration:', '- Server: 127.0.0.1', `- Port: ${tunnel.port}`]
      : platform === 'win32'
        ? ['Open <Settings> → <Network & Internet> → <Proxy>,', 'and specify the following configuration:', '- Address: socks=127.0.0.1', `- Port: ${tunnel.port}`]
        : [`Set \`ALL_PROXY=socks5h://127.0.0.1:${tunnel.port}\`, etc.`];
  lines.push(`The instance can be connected from the host as <http://${tunnel.hostname}.internal> via a web browser.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `limactl tunnel NAME`: a SOCKS proxy into the guest's network on a host port, served by
 * OpenSSH's client in the background (`ssh -f -N -D`), as Lima does. It outlives this process;
 * it ends with the instance's SSH connection.
 */
export async function openSocksTunnel(limaHome: string, name: string, requestedPort = 0): Promise<SocksTunnel> {
  if (requestedPort !== 0 && (!Number.isInteger(requestedPort) || requestedPort < 1024 || requestedPort > 65535)) {
    throw new InstanceStateError(`invalid socks port ${requestedPort}: choose one from 1024 to 65535, or 0 for a free one`);
  }
  const inst = await runningInstance(limaHome, name, 'the tunnel goes over its SSH server');
  const port = requestedPort || (await freePort());
  const argv = tunnelSshArgv(path.join(inst.dir, SSHConfig), name, port);
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn('ssh', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new InstanceStateError('the ssh command was not found; install an OpenSSH client (Debian: apt-get install openssh-client)') : err),
    );
    // With -f, ssh exits once the forwarding is up and a child keeps it; the pipes close only when
    // that child closes them, so the exit code is what tells.
    child.once('exit', (code) => {
      // The background ssh keeps our pipe ends open; let go of them, or this process never ends.
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, text });
    });
  });
  if (output.code !== 0) throw new InstanceStateError(`ssh could not open the SOCKS tunnel on 127.0.0.1:${port} (exit ${output.code ?? 'signal'}): ${output.text.trim() || 'no output'}`);
  return { port, hostname: hostnameFor(name) };
}
