import { ErrorNotice, Loading, type RouteError } from '@nxforge/sdk/ui';
import type { StepReport, TestScrapeResult } from './api';
import { formatNumber } from './format';
import { VALUE_NAMES } from './steps';

const STEP_LABEL: Record<StepReport['type'], string> = {
  login: 'Log in',
  goto: 'Go to page',
  click: 'Click',
  fill: 'Fill in',
  select: 'Choose option',
  press: 'Press key',
  wait: 'Wait',
  waitForSelector: 'Wait for element',
  extract: 'Read value',
};

function valueLabel(name: string): string {
  return VALUE_NAMES.find((v) => v.name === name)?.label ?? name;
}

function ms(value: number): string {
  return value >= 1000 ? `${formatNumber(value / 1000, 2)} s` : `${formatNumber(value, 0)} ms`;
}

/** A trial scrape's answer: what was found, how long each step took, and the page as the scraper saw it. */
export function TestPanel({ running, result, error }: { running: boolean; result: TestScrapeResult | null; error: RouteError | null }) {
  if (running) return <Loading label="Reading the meter… (a browser opens the page, logs in and runs the steps)" />;
  if (error) return <ErrorNotice error={error} />;
  if (!result) return null;
  const values = Object.entries(result.values);
  return (
    <div className="cm-form" data-testid="test-result" data-ok={result.ok}>
      <p data-testid="test-summary">
        {result.ok ? <span className="cm-ok">Read OK</span> : <span className="cm-bad">Not usable</span>} in {ms(result.durationMs)}
        {result.queuedMs > 50 && <span className="cm-hint"> (waited {ms(result.queuedMs)} for the browser)</span>}
        {result.loggedIn && <span className="cm-hint"> · logged in</span>}
        {result.sessionReused && <span className="cm-hint"> · reused the login session</span>}
        {result.error && (
          <span className="cm-live-error" style={{ display: 'block' }} data-testid="test-error">
            {result.error}
          </span>
        )}
      </p>
      <div className="cm-test">
        <div className="cm-form" style={{ gap: 12 }}>
          <div className="cm-table-wrap">
            <table className="nx-table" data-testid="test-values">
              <thead>
                <tr>
                  <th>Value</th>
                  <th className="cm-num">Found</th>
                </tr>
              </thead>
              <tbody>
                {values.length === 0 && (
                  <tr>
                    <td colSpan={2} className="cm-hint">
                      No value was read.
                    </td>
                  </tr>
                )}
                {values.map(([name, value]) => (
                  <tr key={name} data-value-name={name}>
                    <td>{valueLabel(name)}</td>
                    <td className="cm-num" data-testid={`test-value-${name}`}>
                      {value === null ? <span className="cm-hint">not found</span> : typeof value === 'number' ? formatNumber(value, 4) : value}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="cm-table-wrap">
            <table className="nx-table" data-testid="test-steps">
              <thead>
                <tr>
                  <th>Step</th>
                  <th>Result</th>
                  <th className="cm-num">Time</th>
                </tr>
              </thead>
              <tbody>
                {result.steps.map((step, i) => (
                  <tr key={i} data-step-ok={step.ok}>
                    <td>
                      {step.index >= 0 ? `${step.index + 1}. ` : ''}
                      {step.index < 0 && step.type === 'goto' ? 'Open the page' : STEP_LABEL[step.type]}
                    </td>
                    <td>
                      {step.ok ? <span className="cm-ok">OK</span> : <span className="cm-bad">Failed</span>}
                      {step.error && <div className="cm-live-error">{step.error}</div>}
                    </td>
                    <td className="cm-num">{ms(step.ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="cm-hint">
            Ended at <span className="cm-mono">{result.finalUrl || '–'}</span>. A test stores no reading.
          </p>
        </div>
        <div>
          {result.screenshot ? (
            <>
              <img src={result.screenshot} alt="The meter page as the scraper saw it" data-testid="test-screenshot" />
              <a className="cm-link cm-hint" href={result.screenshot} download="meter-test.png">
                Save the screenshot
              </a>
            </>
          ) : (
            <p className="cm-hint">No screenshot: {result.screenshotError ?? 'none was taken'}.</p>
          )}
        </div>
      </div>
    </div>
  );
}
