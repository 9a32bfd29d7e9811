/**
 * The scraping contract: plain data in and out, because module code calls the service from a
 * worker thread through message passing, and pages show the results.
 */

export type ScrapeAuth =
  | { type: 'none' }
  /** Sent through the context's HTTP credentials, only to the task URL's origin; never in the URL. */
  | { type: 'basic'; username: string; password: string }
  | {
      type: 'form';
      /** Where the login form lives; default: the task URL (meters redirect there when logged out). */
      loginUrl?: string;
      username: string;
      password: string;
      usernameSelector: string;
      passwordSelector: string;
      submitSelector: string;
      /** Shown only when logged in; without it, a login succeeds when the login form is gone. */
      successSelector?: string;
    };

interface StepCommon {
  /** Milliseconds for this step; default: the service's step timeout, never past the task's deadline. */
  timeout?: number;
  /**
   * Run the step inside an iframe: a frame's name, a CSS selector of its `<iframe>` element, or
   * a substring of its URL (tried in that order).
   */
  frame?: string;
}

export type ScrapeStep = StepCommon &
  (
    | { type: 'goto'; url: string }
    | { type: 'click'; selector: string }
    | { type: 'fill'; selector: string; value: string }
    | { type: 'select'; selector: string; value: string }
    | { type: 'press'; selector?: string; key: string }
    | { type: 'wait'; ms: number }
    | { type: 'waitForSelector'; selector: string; state?: 'attached' | 'detached' | 'visible' | 'hidden' }
    | {
        type: 'extract';
        /** Key of the value in `ScrapeResult.values`. */
        name: string;
        /** CSS (open shadow roots are searched too), or a Playwright selector such as `text=Energy` or `#table >> nth=1`. */
        selector: string;
        /** Applied to the text first; its first capture group (else the whole match) is kept. */
        regex?: string;
        /** Default `number`. */
        parse?: 'number' | 'text';
        /** Read this attribute instead of the element's text. */
        attribute?: string;
        /** The page's decimal separator, when known: settles `1.234` and `1,234` (see parse-number.ts). */
        decimal?: '.' | ',';
        /** A missing element or value gives `null` instead of failing the task (e.g. an optional power factor). */
        optional?: boolean;
      }
  );

export type ScrapeStepType = ScrapeStep['type'];

export interface ScrapeTask {
  url: string;
  auth?: ScrapeAuth;
  /** Empty or absent: open `url` only. Unless the first step is a `goto`, the page opens at `url` first. */
  steps?: ScrapeStep[];
  /** Keeps the browser session (cookies, localStorage) between tasks under this key. */
  sessionKey?: string;
  /** The whole task, counted from when it gets a browser slot; default 60 000. */
  timeoutMs?: number;
  /** Default true: a failed task leaves a full-page PNG (and the page HTML) in `artifactsDir`. */
  screenshotOnError?: boolean;
  /** Default false: a successful task also leaves a full-page PNG in `artifactsDir`, e.g. a trial scrape that shows the page it read. */
  screenshotOnSuccess?: boolean;
  /** Default timeout of `goto` and of the navigations a login makes; default 30 000. */
  navigationTimeoutMs?: number;
}

export interface StepReport {
  /** Index in `task.steps`; -1 for what the service does on its own (opening `url`, a login). */
  index: number;
  type: ScrapeStepType | 'login';
  ok: boolean;
  ms: number;
  error?: string;
}

export interface ScrapeArtifact {
  kind: 'screenshot' | 'html';
  path: string;
  bytes: number;
}

export type ScrapeValue = number | string | null;

export interface ScrapeResult {
  ok: boolean;
  values: Record<string, ScrapeValue>;
  steps: StepReport[];
  error?: string;
  /** A form login happened in this task. */
  loggedIn: boolean;
  /** A stored session was restored and no login was needed. */
  sessionReused: boolean;
  artifacts: ScrapeArtifact[];
  /** From the call to the result, queue wait included. */
  durationMs: number;
  /** Time spent waiting for a slot under the concurrency limit. */
  queuedMs: number;
  finalUrl: string;
}
