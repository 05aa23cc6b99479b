// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogView } from './LogView';

afterEach(cleanup);

const manyLines = (n: number) => Array.from({ length: n }, (_, i) => (i % 1000 === 999 ? `line ${i + 1} KERNEL panic` : `line ${i + 1} ok`));

function renderedLineNumbers(): number[] {
  return [...document.querySelectorAll('.limadesk-log-line')].map((el) => Number(el.getAttribute('data-line')));
}

describe('LogView', () => {
  it('renders only the rows near the view for a 100 000-line log', () => {
    const started = performance.now();
    render(<LogView label="serial.log of vm1" lines={manyLines(100_000)} />);
    const shown = renderedLineNumbers();
    expect(shown[0]).toBe(1);
    expect(shown.length).toBeLessThan(200);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(screen.getByRole('log', { name: 'serial.log of vm1' })).toBeTruthy();
  });

  it('highlights matches, counts them and steps to each with next and previous', () => {
    render(<LogView label="log" lines={manyLines(5000)} />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search log' }), { target: { value: 'kernel PANIC' } });
    expect(screen.getByText('0 of 5')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('1 of 5')).toBeTruthy();
    expect(renderedLineNumbers()).toContain(1000);
    expect(document.querySelector('.limadesk-log-line.is-current')?.getAttribute('data-line')).toBe('1000');
    expect(document.querySelector('mark.is-current')?.textContent).toBe('KERNEL panic');
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Enter' });
    expect(screen.getByText('2 of 5')).toBeTruthy();
    expect(renderedLineNumbers()).toContain(2000);
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Enter', shiftKey: true });
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Enter', shiftKey: true });
    expect(screen.getByText('5 of 5')).toBeTruthy();
    expect(renderedLineNumbers()).toContain(5000);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'nowhere' } });
    expect(screen.getByText('No matches')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next match' }).hasAttribute('disabled')).toBe(true);
  });

  it('follows new lines to the end, and stops following when searching', () => {
    const { rerender } = render(<LogView label="log" lines={manyLines(10)} follow />);
    const follow = screen.getByRole('checkbox', { name: 'Follow' }) as HTMLInputElement;
    expect(follow.checked).toBe(true);
    rerender(<LogView label="log" lines={manyLines(3000)} follow />);
    expect(renderedLineNumbers()).toContain(3000);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'line 5 ok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(follow.checked).toBe(false);
    expect(renderedLineNumbers()).toContain(5);
  });

  it('copies all lines, and says when no text is selected', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<LogView label="log" lines={['a', 'b', 'c']} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy all' })));
    expect(writeText).toHaveBeenCalledWith('a\nb\nc');
    expect(screen.getByText('Copied 3 lines')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy selection' })));
    expect(screen.getByText('Nothing selected: select lines first')).toBeTruthy();
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('[data-line="2"]')!);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy selection' })));
    expect(writeText).toHaveBeenLastCalledWith('b');
  });

  it('shows the empty text while there are no lines', () => {
    render(<LogView label="log" lines={[]} empty="The VM has not written to its serial port yet." />);
    expect(screen.getByText('The VM has not written to its serial port yet.')).toBeTruthy();
  });
});
