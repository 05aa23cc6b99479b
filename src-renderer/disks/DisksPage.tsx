/**
 * Lima's additional disks ($LIMA_HOME/_disks): each with its size, what it takes on the host,
 * its format and the instance using it; create, import, resize, attach to an instance, detach,
 * unlock a stale lock, and delete (asked first, refused while in use).
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Ellipsis, FileInput, HardDrive, Link2, Lock, LockOpen, MoveDiagonal, Plus, Trash2, Unlink, X } from 'lucide-react';
import { useState } from 'react';
import type { DiskInfo } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { formatBytes } from '../instances/format';
import { Titlebar } from '../shell/Titlebar';
import { useAppStore } from '../store/hooks';
import { MenuItems } from '../ui/MenuItems';
import type { MenuEntry } from '../ui/MenuItems';
import { Tip } from '../ui/Tip';
import { AttachDiskDialog, CreateDiskDialog, DeleteDiskDialog, ImportDiskDialog, ResizeDiskDialog } from './DiskDialogs';
import type { DiskOutcome } from './DiskDialogs';
import { useDisks } from './useDisks';
import '../instances/empty-state.css';
import './disks.css';

type Open = { kind: 'create' } | { kind: 'import' } | { kind: 'resize' | 'attach' | 'delete'; disk: DiskInfo };

function UsedBy({ disk }: { disk: DiskInfo }) {
  const status = useAppStore((s) => (disk.instance ? s.instances[disk.instance]?.summary.status : undefined));
  const named = disk.referencedBy.filter((n) => n !== disk.instance);
  if (!disk.instance && named.length === 0) return <span className="hint">—</span>;
  return (
    <span className="disk-users">
      {disk.instance && (
        <span className="disk-holder" title={`${disk.instance} holds the disk's lock (in_use_by)`}>
          <Lock aria-hidden="true" />
          {disk.instance}
          {status && <span className="hint"> ({status === 'Running' ? 'running' : `${status.toLowerCase()}, stale lock`})</span>}
        </span>
      )}
      {named.length > 0 && <span className="hint">{disk.instance ? ' · ' : ''}named by {named.join(', ')}</span>}
    </span>
  );
}

function DiskMenu({ disk, onOpen, onDetach, onUnlock }: { disk: DiskInfo; onOpen: (open: Open) => void; onDetach: (instance: string) => void; onUnlock: () => void }) {
  const holderStatus = useAppStore((s) => (disk.instance ? s.instances[disk.instance]?.summary.status : undefined));
  const entries: MenuEntry[] = [
    { id: 'attach', label: 'Attach to an instance…', icon: Link2, enabled: true, onSelect: () => onOpen({ kind: 'attach', disk }) },
    ...disk.referencedBy.map((instance) => ({ id: `detach-${instance}`, label: `Detach from ${instance}`, icon: Unlink, enabled: true, onSelect: () => onDetach(instance) })),
    {
      id: 'resize',
      label: 'Resize…',
      icon: MoveDiagonal,
      enabled: holderStatus !== 'Running',
      ...(holderStatus === 'Running' ? { why: `${disk.instance} is running with it: stop it first` } : {}),
      separated: true,
      onSelect: () => onOpen({ kind: 'resize', disk }),
    },
    ...(disk.instance && holderStatus !== 'Running' ? [{ id: 'unlock', label: 'Unlock', icon: LockOpen, enabled: true, onSelect: onUnlock }] : []),
    { id: 'delete', label: 'Delete…', icon: Trash2, enabled: true, danger: true, separated: true, onSelect: () => onOpen({ kind: 'delete', disk }) },
  ];
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="icon-button" aria-label={`Actions for disk ${disk.name}`}>
          <Ellipsis aria-hidden="true" />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <MenuItems kind="dropdown" entries={entries} />
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function DisksPage() {
  const api = useApi();
  const { disks, loading, error, refresh } = useDisks();
  const runAction = useAppStore((s) => s.runAction);
  const [open, setOpen] = useState<Open>();
  const [outcome, setOutcome] = useState<DiskOutcome>();
  const close = () => setOpen(undefined);
  const done = (o: DiskOutcome) => {
    setOpen(undefined);
    setOutcome(o);
    void refresh();
  };
  const detach = async (disk: DiskInfo, instance: string) => {
    const result = await api.detachDisk({ name: instance, disk: disk.name });
    done(
      !result.ok
        ? { message: `${disk.name} was not detached from ${instance}: ${result.message}`, failed: true }
        : result.value.restartNeeded
          ? { message: `${instance} no longer names ${disk.name}. It is running: restart it to let go of the disk.`, restart: instance }
          : { message: `${instance} no longer names ${disk.name}.` },
    );
  };
  const unlock = async (disk: DiskInfo) => {
    const result = await api.unlockDisk({ name: disk.name });
    done(result.ok ? { message: result.value.wasLocked ? `Unlocked ${disk.name}.` : `${disk.name} was not locked.` } : { message: `${disk.name} was not unlocked: ${result.message}`, failed: true });
  };
  const names = disks.map((d) => d.name);

  return (
    <>
      <Titlebar
        title="Disks"
        titleId="disks-title"
        meta={disks.length > 0 ? <span>{disks.length}</span> : undefined}
        actions={
          <>
            <Tip content="Copy a qcow2 or raw image in as a new disk">
              <button type="button" onClick={() => setOpen({ kind: 'import' })}>
                <FileInput aria-hidden="true" />
                Import…
              </button>
            </Tip>
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
              <Plus aria-hidden="true" />
              Create disk
            </button>
          </>
        }
      />
      <section className="disks-page page-body" aria-labelledby="disks-title">
        {outcome && (
          <div role={outcome.failed ? 'alert' : 'status'} className={outcome.failed ? 'message-error disk-outcome' : 'message-info disk-outcome'}>
            <span>{outcome.message}</span>
            {outcome.restart && (
              <button
                type="button"
                onClick={() => {
                  void runAction(outcome.restart as string, 'restart');
                  setOutcome(undefined);
                }}
              >
                Restart {outcome.restart}
              </button>
            )}
            <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => setOutcome(undefined)}>
              <X aria-hidden="true" />
            </button>
          </div>
        )}
        {error && (
          <p role="alert" className="message-error">
            Cannot list the disks: {error}{' '}
            <button type="button" onClick={() => void refresh()}>
              Retry
            </button>
          </p>
        )}
        {loading && disks.length === 0 ? (
          <p className="loading" aria-busy="true">
            Loading disks…
          </p>
        ) : disks.length === 0 && !error ? (
          <div className="empty-state">
            <HardDrive className="empty-icon" aria-hidden="true" />
            <h2>No disks yet</h2>
            <p className="hint">A disk keeps data apart from an instance: it outlives a factory reset and can move from one instance to another.</p>
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
              <Plus aria-hidden="true" />
              Create a disk
            </button>
          </div>
        ) : (
          <table className="disks-table" aria-label="Disks">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  On disk
                </th>
                <th scope="col">Format</th>
                <th scope="col">Used by</th>
                <th scope="col">Mount point</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {disks.map((disk) => (
                <tr key={disk.name} data-disk={disk.name}>
                  <th scope="row">
                    <span className="disk-name">
                      <HardDrive aria-hidden="true" />
                      {disk.name}
                    </span>
                  </th>
                  <td className="num">{formatBytes(disk.size)}</td>
                  <td className="num">{formatBytes(disk.sizeOnDisk)}</td>
                  <td>{disk.format}</td>
                  <td>
                    <UsedBy disk={disk} />
                  </td>
                  <td>
                    <code>{disk.mountPoint}</code>
                  </td>
                  <td className="disk-actions">
                    <DiskMenu disk={disk} onOpen={setOpen} onDetach={(instance) => void detach(disk, instance)} onUnlock={() => void unlock(disk)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {open?.kind === 'create' && <CreateDiskDialog existing={names} onClose={close} onDone={done} />}
      {open?.kind === 'import' && <ImportDiskDialog existing={names} onClose={close} onDone={done} />}
      {open?.kind === 'resize' && <ResizeDiskDialog disk={open.disk} onClose={close} onDone={done} />}
      {open?.kind === 'attach' && <AttachDiskDialog disk={open.disk} onClose={close} onDone={done} />}
      {open?.kind === 'delete' && <DeleteDiskDialog disk={open.disk} onClose={close} onDone={done} />}
    </>
  );
}
