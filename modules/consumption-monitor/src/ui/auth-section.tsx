import type { AuthType } from './api';
import type { EndpointDraft } from './endpoint-draft';
import { TextField } from './fields';

interface Props {
  draft: EndpointDraft;
  onChange(draft: EndpointDraft): void;
  setAuthType(type: AuthType): void;
  /** A password is stored for the endpoint (its value never reaches the page). */
  hasPassword: boolean;
  problem(field: string): string | undefined;
}

const AUTH_TYPES: { value: AuthType; label: string; hint: string }[] = [
  { value: 'none', label: 'None', hint: 'The page opens without logging in.' },
  { value: 'basic', label: 'HTTP basic', hint: 'The browser asks for a user name and password (a pop-up on the meter’s page).' },
  { value: 'form', label: 'Login form', hint: 'The meter shows a login page; the scraper fills it in and keeps the session.' },
];

function PasswordField({ draft, onChange, hasPassword, problem }: Omit<Props, 'setAuthType'>) {
  const kept = hasPassword && !draft.clearPassword;
  return (
    <label className="nx-field">
      <span>Password</span>
      <span className="cm-secret">
        <input
          type="password"
          autoComplete="new-password"
          data-testid="endpoint-password"
          value={draft.password}
          placeholder={kept ? 'set — leave blank to keep' : draft.clearPassword ? 'will be removed on save' : 'not set'}
          onChange={(e) => onChange({ ...draft, password: e.target.value, clearPassword: false })}
        />
        {hasPassword && !draft.clearPassword && (
          <button type="button" className="nx-button nx-button-secondary cm-small-button" data-testid="endpoint-password-clear" onClick={() => onChange({ ...draft, password: '', clearPassword: true })}>
            Clear
          </button>
        )}
        {draft.clearPassword && (
          <button type="button" className="nx-button nx-button-secondary cm-small-button" onClick={() => onChange({ ...draft, clearPassword: false })}>
            Keep
          </button>
        )}
      </span>
      {problem('body.authConfig.password') ? (
        <small className="cm-field-error">{problem('body.authConfig.password')}</small>
      ) : (
        <small className="cm-hint" data-testid="endpoint-password-state">
          {kept ? 'A password is stored, encrypted. It is never shown.' : draft.clearPassword ? 'The stored password is removed when you save.' : 'Stored encrypted; never shown again.'}
        </small>
      )}
    </label>
  );
}

/** How the scraper logs in to the meter; the password is write-only. */
export function AuthSection({ draft, onChange, setAuthType, hasPassword, problem }: Props) {
  const set = (key: keyof EndpointDraft) => (value: string) => onChange({ ...draft, [key]: value });
  const current = AUTH_TYPES.find((t) => t.value === draft.authType);
  return (
    <fieldset className="cm-fieldset" data-testid="endpoint-auth">
      <legend>Login</legend>
      <div className="cm-fields">
        <label className="nx-field">
          <span>Authentication</span>
          <select data-testid="endpoint-auth-type" value={draft.authType} onChange={(e) => setAuthType(e.target.value as AuthType)}>
            {AUTH_TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
          <small className="cm-hint">{current?.hint}</small>
        </label>
        {draft.authType !== 'none' && (
          <>
            <TextField label="User name" testId="endpoint-username" value={draft.username} onChange={set('username')} problem={problem('body.authConfig.username')} />
            <PasswordField draft={draft} onChange={onChange} hasPassword={hasPassword} problem={problem} />
          </>
        )}
        {draft.authType === 'none' && hasPassword && <p className="cm-hint">The stored password is removed when you save.</p>}
      </div>
      {draft.authType === 'form' && (
        <div className="cm-fields">
          <TextField label="Login page" testId="endpoint-login-url" value={draft.loginUrl} onChange={set('loginUrl')} placeholder="the endpoint address" hint="Where the login form is, if not on the address itself" />
          <TextField label="User name field" testId="endpoint-username-selector" value={draft.usernameSelector} onChange={set('usernameSelector')} placeholder="#username" problem={problem('body.authConfig.usernameSelector')} />
          <TextField label="Password field" testId="endpoint-password-selector" value={draft.passwordSelector} onChange={set('passwordSelector')} placeholder="#password" problem={problem('body.authConfig.passwordSelector')} />
          <TextField label="Log-in button" testId="endpoint-submit-selector" value={draft.submitSelector} onChange={set('submitSelector')} placeholder="button[type=submit]" problem={problem('body.authConfig.submitSelector')} />
          <TextField label="Shown when logged in" testId="endpoint-success-selector" value={draft.successSelector} onChange={set('successSelector')} placeholder="optional, e.g. #logout" />
        </div>
      )}
    </fieldset>
  );
}
