/**
 * Form edits inside a list item (a mount, a port forward). document-model's applyFormChange
 * removes a map once its last key is cleared, which would make a mount row vanish the moment
 * its field is emptied to type a new value; here an emptied field leaves the item in place.
 */
import { applyFormChange, InvalidDocumentError, parse } from '../editor/document-model';
import type { YamlPath } from '../editor/document-model';
import { serializeLike } from '../editor/serialize';

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function applyCreateFormChange(text: string, path: YamlPath, value: unknown): string {
  const inListItem = path.length >= 3 && typeof path[1] === 'number';
  if (!inListItem || !isEmpty(value)) return applyFormChange(text, path, value);
  const { doc, errors } = parse(text);
  if (errors.length > 0) throw new InvalidDocumentError(errors);
  // A location is required, so it stays as an empty string the checks can point at.
  if (path.at(-1) === 'location') doc.setIn(path, '');
  else doc.deleteIn(path);
  return serializeLike(doc, text);
}
