import { Component, type ErrorInfo, type ReactNode } from 'react';
import { IconAlert, IconRefresh } from '../ui/icons';

interface Props {
  pageLabel: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** A page that throws shows what broke and where, instead of a blank window. */
export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`The ${this.props.pageLabel} page failed to render`, error, info.componentStack);
  }

  private readonly retry = (): void => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page-crash" role="alert" data-testid="page-error">
        <div className="page-crash__icon">
          <IconAlert size={22} />
        </div>
        <h2 className="page-crash__title">The {this.props.pageLabel} page stopped working</h2>
        <p className="page-crash__text">
          The rest of the app is fine: pick another page in the sidebar, or try this one again.
        </p>
        <pre className="page-crash__error">{error.message || error.name}</pre>
        <button type="button" className="btn btn--primary" onClick={this.retry}>
          <IconRefresh size={14} />
          Try again
        </button>
      </div>
    );
  }
}
