import type { Page } from 'playwright-core';
import { Deadline, shortError, sleep } from './support';
import type { ScrapeAuth } from './types';

export type FormAuth = Extract<ScrapeAuth, { type: 'form' }>;

export interface LoginEnv {
  page: Page;
  deadline: Deadline;
  stepTimeoutMs: number;
  navigationTimeoutMs: number;
  signal: AbortSignal;
}

/** The login form is showing: its password field is visible (checked at once, no waiting). */
export async function loginFormShown(page: Page, auth: FormAuth): Promise<boolean> {
  try {
    return await page.locator(auth.passwordSelector).first().isVisible();
  } catch {
    return false;
  }
}

async function succeeded(page: Page, auth: FormAuth): Promise<boolean> {
  if (auth.successSelector) {
    try {
      return await page.locator(auth.successSelector).first().isVisible();
    } catch {
      return false;
    }
  }
  return !(await loginFormShown(page, auth));
}

/**
 * Fills the form on the current page and submits it. Classic forms post and navigate; script
 * forms swap the view in place: wait for whichever happens, then judge by the success selector,
 * or else by the login form being gone.
 */
export async function submitLogin(auth: FormAuth, env: LoginEnv): Promise<void> {
  const { page, deadline } = env;
  const step = () => deadline.cap(env.stepTimeoutMs);
  try {
    await page.locator(auth.usernameSelector).first().fill(auth.username, { timeout: step() });
    await page.locator(auth.passwordSelector).first().fill(auth.password, { timeout: step() });
  } catch (err) {
    throw new Error(`login failed: the login form could not be filled (${shortError(err)})`);
  }

  const navTimeout = deadline.cap(env.navigationTimeoutMs);
  let navigated = false;
  const mainNavigation = page
    .waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: navTimeout })
    .then(() => (navigated = true), () => false);
  try {
    await page.locator(auth.submitSelector).first().click({ timeout: step() });
  } catch (err) {
    throw new Error(`login failed: the submit button "${auth.submitSelector}" could not be clicked (${shortError(err)})`);
  }

  const until = new Deadline(navTimeout);
  while (!navigated && !(await succeeded(page, auth))) {
    if (Date.now() + 100 >= until.at) break;
    await Promise.race([sleep(100, env.signal), mainNavigation]);
  }
  if (navigated) await page.waitForLoadState('load', { timeout: deadline.cap(env.navigationTimeoutMs) }).catch(() => undefined);

  if (auth.successSelector) {
    // After a form post that came back with the login form, waiting longer changes nothing.
    if (navigated && (await loginFormShown(page, auth)) && !(await succeeded(page, auth))) {
      throw new Error(`login failed: the success selector "${auth.successSelector}" never appeared (still on the login page; wrong username or password?)`);
    }
    try {
      await page.locator(auth.successSelector).first().waitFor({ state: 'visible', timeout: step() });
    } catch {
      throw new Error(`login failed: the success selector "${auth.successSelector}" never appeared (wrong username or password?)`);
    }
  } else if (await loginFormShown(page, auth)) {
    throw new Error('login failed: still on the login page (wrong username or password?)');
  }
}
