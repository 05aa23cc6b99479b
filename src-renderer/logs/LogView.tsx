import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { copyText } from './clipboard';
import { highlight, matchingLines, stepMatch } from './search';
import './log-view.css';

/** Must match `.limadesk-log-line` height in log-view.css: rows are positioned by index. */
export const ROW_HEIGHT = 18;
const OVERSCAN = 30;
// jsdom and hidden tabs have no layout; render as if a typical pane were visible.
const FALLBACK_HEIGHT = 600;

export interface LogViewProps {
  /** Accessible name of the log, e.g. "serial.log of vm1". */
  label: string;
  lines: readonly string[];
  /** Start following the end (new lines scroll into view). */
  follow?: boolean;
  /** A note above the lines, e.g. that older lines were left out. */
  notice?: ReactNode;
  /** Shown instead of the lines while there are none. */
  empty?: ReactNode;
  /** Extra controls at the start of the toolbar (a log picker). */
  toolbarStart?: ReactNode;
  className?: string;
}

function Line({ text, query, current }: { text: string; query: string; current: boolean }) {
  const pieces = highlight(text, query);
  return (
    <>
      {pieces.map((p, i) =>
        p.match ? (
          <mark key={i} className={current ? 'is-current' : undefined}>
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/**
 * A read-only log: only the rows in view are rendered, so a 10 MB log scrolls as fast as a
 * short one. Follow keeps the end in view until the user scrolls up; search highlights
 * every match and steps through them.
 */
export function LogView({ label, lines, follow: followInitially = false, notice, empty, toolbarStart, className }: LogViewProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(followInitially);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(-1);
  const [copied, setCopied] = useState('');

  const matches = useMemo(() => matchingLines(lines, query), [lines, query]);
  const currentLine = current >= 0 ? matches[current] : undefined;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  const scrollTo = useCallback((top: number) => {
    const el = scroller.current;
    if (el) el.scrollTop = top;
    setScrollTop(Math.max(0, top));
  }, []);

  // New lines while following: the end stays in view.
  useLayoutEffect(() => {
    if (follow) scrollTo(lines.length * ROW_HEIGHT);
  }, [follow, lines.length, scrollTo]);

  // A new query starts at its first match; fewer lines may leave the current one out of range.
  useEffect(() => setCurrent(-1), [query]);
  useEffect(() => {
    if (current >= matches.length) setCurrent(matches.length - 1);
  }, [current, matches.length]);

  const show = (index: number) => {
    const line = matches[index];
    if (line === undefined) return;
    setFollow(false);
    setCurrent(index);
    const view = height || FALLBACK_HEIGHT;
    scrollTo(Math.max(0, line * ROW_HEIGHT - view / 2));
  };

  const step = (direction: 1 | -1) => show(stepMatch(matches.length, current, direction));

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    // Scrolling up leaves follow mode; coming back to the end does not re-enter it by itself.
    if (!atEnd && follow) setFollow(false);
  };

  const say = (message: string) => {
    setCopied(message);
    window.setTimeout(() => setCopied(''), 2500);
  };
  const copyAll = async () => say((await copyText(lines.join('\n'))) ? `Copied ${lines.length} lines` : 'Copying failed');
  const copySelection = async () => {
    const text = window.getSelection()?.toString() ?? '';
    if (text === '') return say('Nothing selected: select lines first');
    say((await copyText(text)) ? 'Copied the selection' : 'Copying failed');
  };

  const view = height || FALLBACK_HEIGHT;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + view) / ROW_HEIGHT) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={i} className={`limadesk-log-line${i === currentLine ? ' is-current' : ''}`} data-line={i + 1}>
        <Line text={lines[i] as string} query={query} current={i === currentLine} />
      </div>,
    );
  }

  return (
    <div className={`limadesk-log-view${className ? ` ${className}` : ''}`}>
      <div className="limadesk-log-toolbar" role="toolbar" aria-label={`${label} tools`}>
        {toolbarStart}
        <input
          type="search"
          placeholder="Search"
          aria-label={`Search ${label}`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <span className="limadesk-log-count" aria-live="polite">
          {query === '' ? '' : matches.length === 0 ? 'No matches' : `${current >= 0 ? current + 1 : 0} of ${matches.length}`}
        </span>
        <button type="button" onClick={() => step(-1)} disabled={matches.length === 0} aria-label="Previous match">
          ↑
        </button>
        <button type="button" onClick={() => step(1)} disabled={matches.length === 0} aria-label="Next match">
          ↓
        </button>
        <label className="limadesk-log-follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <button type="button" onClick={() => void copySelection()}>
          Copy selection
        </button>
        <button type="button" onClick={() => void copyAll()} disabled={lines.length === 0}>
          Copy all
        </button>
        <span className="limadesk-log-copied" role="status">
          {copied}
        </span>
      </div>
      {notice && <div className="limadesk-log-notice">{notice}</div>}
      <div className="limadesk-log-scroll" ref={scroller} onScroll={onScroll} role="log" aria-label={label} tabIndex={0}>
        {lines.length === 0 ? (
          <div className="limadesk-log-empty">{empty ?? 'Nothing logged yet.'}</div>
        ) : (
          <div className="limadesk-log-spacer" style={{ height: lines.length * ROW_HEIGHT }}>
            <div className="limadesk-log-rows" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
              {rows}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
