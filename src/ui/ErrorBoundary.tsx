/**
 * The page never goes blank: whatever throws while rendering is caught here and shown for a person, with a
 * way on. Two sizes: the whole playground (a full-page message with "Open the defaults", which drops the
 * link's settings that may be the cause, and "Reload"), and one panel (a message in its place, the rest of the
 * page still working; it tries again when `resetKey` changes, e.g. with new data from the worker).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** 'page' replaces the playground; 'panel' replaces one panel. */
  scope: 'page' | 'panel';
  /** What the panel is, for the message ("the plot"). */
  what?: string;
  /** A change of this value clears a caught error and renders the children again. */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: unknown;
}

/** The page's address without its settings: the defaults. */
function defaultsUrl(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { resetKey: props.resetKey, error: null } : null;
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for a bug report; the person sees the message below.
    console.error(`Lipschitz Playground: ${this.props.what ?? 'the page'} failed`, error, info.componentStack);
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.scope === 'panel') {
      return (
        <div className="lp-panel-failure" role="alert" data-testid="panel-failure">
          <strong>{this.props.what ?? 'This panel'} could not be drawn.</strong> {error.message}
          <button type="button" className="lp-button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return (
      <div className="lp-page-failure" role="alert" data-testid="page-failure">
        <h1>Lipschitz Playground stopped on an error</h1>
        <p>
          <strong>What failed:</strong> {error.message}
        </p>
        <p>The settings in this link may be the cause. The defaults open a fresh playground; reload tries this link again.</p>
        <p>
          <a className="lp-button lp-primary" href={defaultsUrl()}>
            Open the defaults
          </a>{' '}
          <button type="button" className="lp-button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      </div>
    );
  }
}
