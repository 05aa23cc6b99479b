/**
 * A part of the page that throws, or whose code fails to load (a lazy chunk from an older or
 * newer build), says so in place; the rest of the page keeps working.
 */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

export class ErrorBoundary extends Component<{ what: string; children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.what} failed`, error, info.componentStack);
  }
  override render() {
    if (this.state.error) {
      return (
        <p role="alert" className="message-error">
          {this.props.what} failed: {this.state.error.message}. Reload the page to try again.
        </p>
      );
    }
    return this.props.children;
  }
}
