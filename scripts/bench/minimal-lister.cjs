// The yardstick for `limadesk list --json`: the least a Node program must do to list Lima
// instances with their status. It reads and parses each lima.yaml (with the same `yaml`
// package), reads the pid files and probes their processes, and asks each running host
// agent for its SSH port over ha.sock; no defaults, no validation, no error reporting.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const YAML = require('yaml');

const home = process.env.LIMA_HOME;
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pidOf = (file) => {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return pid > 0 && alive(pid) ? pid : 0;
  } catch {
    return 0;
  }
};
const info = (sock) =>
  new Promise((resolve) => {
    http
      .get({ socketPath: sock, path: '/v1/info', host: 'lima-hostagent' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', () => resolve({}));
  });

(async () => {
  const out = [];
  // Instances are the directories (a file such as a shared base disk can sit beside them).
  const names = fs.readdirSync(home, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.'));
  for (const name of names.map((e) => e.name).sort()) {
    const dir = path.join(home, name);
    const y = YAML.parse(fs.readFileSync(path.join(dir, 'lima.yaml'), 'utf8')) ?? {};
    const ha = pidOf(path.join(dir, 'ha.pid'));
    const qemu = pidOf(path.join(dir, 'qemu.pid'));
    const port = ha ? (await info(path.join(dir, 'ha.sock'))).sshLocalPort : 0;
    out.push({ name, status: ha && qemu ? 'Running' : 'Stopped', cpus: y.cpus, memory: y.memory, disk: y.disk, sshLocalPort: port });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
})();
