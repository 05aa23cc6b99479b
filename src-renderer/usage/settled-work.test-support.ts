import { act } from '@testing-library/react';

/**
 * Lets the work queued with `whenSettled` run, as it does once the page has painted: a frame,
 * then the timer set from it, then what its answers set off.
 */
export async function afterSettledWork(): Promise<void> {
  await act(async () => {
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  });
}
