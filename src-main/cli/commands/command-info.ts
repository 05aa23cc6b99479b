import { EDIT_FLAGS_USAGE } from './edit-flag-options';

/**
 * What help says of each command, apart from the code that runs it: the command table loads
 * a command's module (and what it imports) only when that command runs, so `limadesk --help`
 * and every command start without loading the others.
 */
const DISK_USAGE = `limadesk disk create DISK --size SIZE [--format qcow2|raw]
       limadesk disk list|ls [--json] [DISK...]
       limadesk disk delete|rm|remove [-f|--force] DISK...
       limadesk disk resize DISK --size SIZE
       limadesk disk unlock DISK...
       limadesk disk import DISK FILE`;

const HOST_USAGE = `limadesk host add NAME DESTINATION [-p|--port PORT] [-i|--identity FILE] [--remote-command CMD] [-F|--ssh-config FILE] [--no-connect]
       limadesk host list|ls [--json]
       limadesk host remove|rm NAME...
       limadesk host check NAME
  DESTINATION is user@host, host, or a Host alias of ~/.ssh/config; CMD runs Limadesk there (default: limadesk)`;

// Instance commands that take --host HOST run against that host's API over SSH (see cli/remote).
export const COMMAND_INFO = {
  list: { name: 'list', aliases: ['ls'], summary: 'List instances and their status', usage: 'limadesk list [--host HOST] [--json] [-q|--quiet] [--all-fields] [NAME...]' },
  create: { name: 'create', summary: 'Create an instance from a lima.yaml file or a template', usage: 'limadesk create [--name NAME] (FILE | template:NAME | template://NAME)' },
  start: { name: 'start', summary: 'Start an instance (boots the VM under a host agent)', usage: 'limadesk start [--host HOST] NAME [--wait qemu|ssh] [--timeout DURATION]' },
  stop: { name: 'stop', summary: 'Stop an instance (ACPI shutdown, killed after the timeout)', usage: 'limadesk stop [--host HOST] NAME [--force] [--timeout DURATION]' },
  restart: { name: 'restart', summary: 'Restart an instance (a stopped one is started), after applying edit flags if given', usage: `limadesk restart [--host HOST] NAME [-f|--force] ${EDIT_FLAGS_USAGE}` },
  delete: { name: 'delete', aliases: ['rm', 'remove'], summary: 'Delete instances (--force kills a running one first)', usage: 'limadesk delete [--host HOST] [-f|--force] NAME...' },
  clone: { name: 'clone', summary: 'Clone a stopped instance (copy-on-write where the filesystem can)', usage: `limadesk clone OLDINST NEWINST [--start] ${EDIT_FLAGS_USAGE}` },
  rename: { name: 'rename', summary: 'Rename a stopped instance (its directory moves; ssh.config and disk locks follow)', usage: `limadesk rename OLDINST NEWINST [--start] ${EDIT_FLAGS_USAGE}` },
  edit: { name: 'edit', summary: "Edit an instance's lima.yaml with yq expressions and Lima's flags, keeping its comments", usage: `limadesk edit NAME [--start] ${EDIT_FLAGS_USAGE}` },
  'factory-reset': { name: 'factory-reset', summary: 'Factory reset an instance: remove its disk and all but lima.yaml (refused when protected)', usage: 'limadesk factory-reset NAME' },
  protect: { name: 'protect', summary: 'Protect instances from accidental delete and factory-reset', usage: 'limadesk protect NAME...' },
  unprotect: { name: 'unprotect', summary: 'Unprotect instances', usage: 'limadesk unprotect NAME...' },
  copy: { name: 'copy', aliases: ['cp'], summary: 'Copy files between the host and an instance over its SSH server (NAME:PATH names the guest side)', usage: 'limadesk copy [-r] [-v] SOURCE... TARGET   (e.g. limadesk copy ./notes.txt default:/tmp/, limadesk cp -r default:src ./src)' },
  disk: { name: 'disk', summary: "Lima's additional disks: create, list, delete, resize, unlock, import", usage: DISK_USAGE },
  snapshot: { name: 'snapshot', summary: 'Create, apply, delete or list snapshots of an instance', usage: 'limadesk snapshot [--host HOST] (create|apply|delete|list) NAME [--tag TAG] [--quiet]' },
  shell: { name: 'shell', summary: 'Run a login shell, or a command, in an instance over SSH', usage: 'limadesk shell [--host HOST] NAME [-- COMMAND [ARG...]]' },
  vnc: { name: 'vnc', summary: "Show where to connect to an instance's VNC display, and its password", usage: 'limadesk vnc [--host HOST] NAME [--json]' },
  ports: { name: 'ports', summary: "List a running instance's port and socket forwards", usage: 'limadesk ports [--host HOST] NAME [--json]' },
  tunnel: { name: 'tunnel', summary: "Create a SOCKS tunnel so that the host can join the guest's network", usage: 'limadesk tunnel [--type socks] [--socks-port PORT] NAME' },
  top: { name: 'top', summary: 'What running instances use right now (CPU, memory, disk, network), refreshing', usage: 'limadesk top [NAME] [--json] [--interval DURATION] [--count N]' },
  logs: { name: 'logs', summary: "Show an instance's host agent log, events or serial console", usage: 'limadesk logs [--host HOST] NAME [--serial | --events] [--follow]' },
  info: { name: 'info', summary: 'Show what this host offers: version, LIMA_HOME, drivers, templates (--json: all of it, as limactl info)', usage: 'limadesk info [--json]' },
  'start-at-login': { name: 'start-at-login', summary: 'Register (or with --enabled=false unregister) the instance to start when the user logs in', usage: 'limadesk start-at-login NAME [--enabled=false]' },
  prune: { name: 'prune', summary: 'Delete the download cache shared with Lima (images are fetched again when next needed)', usage: 'limadesk prune' },
  validate: { name: 'validate', summary: 'Check lima.yaml files and report every problem with its position', usage: 'limadesk validate (FILE | template:NAME | URL)...' },
  host: { name: 'host', summary: 'Other machines whose VMs this one manages over SSH: add, list, remove, check', usage: HOST_USAGE },
  schema: { name: 'schema', summary: 'Print the JSON Schema of lima.yaml', usage: 'limadesk schema' },
  hostagent: { name: 'hostagent', summary: 'Run the host agent of an instance (internal)', usage: 'limadesk hostagent --pidfile <I>/ha.pid --socket <I>/ha.sock NAME', hidden: true },
} as const;
