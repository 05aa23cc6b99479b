/**
 * How a failure from the main side reads on screen. Most messages are already written for
 * people; a request the server refuses for its size reads "request too large" whichever door
 * it came through, so the user knows that the size, not the content, was the problem.
 */
import type { ApiFailure } from '../../src-main/common/api';

const TOO_LARGE = /^request too large\b/i;

export function failureText(failure: Pick<ApiFailure, 'code' | 'message'>): string {
  if (failure.code !== 'too-large' || TOO_LARGE.test(failure.message)) return failure.message;
  return failure.message ? `request too large: ${failure.message}` : 'request too large';
}

/** The same failure with its message in those words. */
export function readableFailure<F extends Pick<ApiFailure, 'code' | 'message'>>(failure: F): F {
  const message = failureText(failure);
  return message === failure.message ? failure : { ...failure, message };
}
