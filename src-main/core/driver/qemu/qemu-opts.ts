/**
 * A value inside a QEMU option list (`-drive file=…,if=virtio`, `-chardev socket,path=…`):
 * QEMU splits such lists at commas and reads `,,` as one comma, so a path with a comma (a
 * LIMA_HOME or home directory named so) must have its commas doubled, or it is cut short and
 * the rest read as further options. Plain arguments (`-kernel FILE`, `-pidfile FILE`) are not
 * option lists and take paths as they are.
 */
export function optValue(value: string): string {
  return value.replaceAll(',', ',,');
}
