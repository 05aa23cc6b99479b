/**
 * Shown when lima.yaml changed on disk while the editor had unsaved edits: both versions side
 * by side and the three ways out. Nothing is overwritten until the user picks one.
 */
import { threeWayMerge } from './merge';

export interface MergePanelProps {
  /** The file text both versions started from. */
  baseText: string;
  mine: string;
  theirs: string;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  onMerged: (text: string) => void;
}

export function MergePanel({ baseText, mine, theirs, onKeepMine, onTakeTheirs, onMerged }: MergePanelProps) {
  const merge = threeWayMerge(baseText, mine, theirs);
  return (
    <section role="alertdialog" aria-labelledby="limadesk-merge-title" className="limadesk-merge">
      <h3 id="limadesk-merge-title">lima.yaml changed on disk while you were editing</h3>
      <p>
        {merge.ok
          ? 'Your edits and the file’s changes touch different lines, so they can be merged.'
          : `Your edits and the file’s changes overlap in ${merge.conflicts} place${merge.conflicts === 1 ? '' : 's'}: keep one version, or copy the parts you need.`}
      </p>
      <div className="limadesk-merge-sides">
        <figure>
          <figcaption>Your version</figcaption>
          <pre aria-label="Your version">{mine}</pre>
        </figure>
        <figure>
          <figcaption>The file on disk</figcaption>
          <pre aria-label="The file on disk">{theirs}</pre>
        </figure>
      </div>
      <div className="limadesk-actions">
        <button type="button" onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" onClick={onTakeTheirs}>
          Take the file’s
        </button>
        <button type="button" disabled={!merge.ok} onClick={() => merge.ok && onMerged(merge.text)}>
          Merge both
        </button>
      </div>
    </section>
  );
}
