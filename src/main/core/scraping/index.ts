/** The scraping service: one shared browser, a context per task, steps, sessions and artifacts. */
export { createScrapingService, DEFAULT_TASK_TIMEOUT_MS, ScrapingService, type ScrapingServiceOptions, type ScrapingStatus } from './scraping-service';
export { ScrapeTaskError, parseTask } from './task-schema';
export {
  BROWSER_PATH_ENV,
  BrowserNotFoundError,
  resolveBrowser,
  systemBrowserPaths,
  type BrowserCandidate,
  type BrowserSource,
  type DiscoveryInput,
} from './browser-discovery';
export { parseNumber, parseText, type ParseNumberOptions } from './parse-number';
export { memorySessionStore, secretSessionStore, type SecretStoreLike } from './session-store';
export type {
  RunOptions,
  ScrapeArtifact,
  ScrapeAuth,
  ScrapeResult,
  ScrapeStep,
  ScrapeStepType,
  ScrapeTask,
  ScrapeValue,
  SessionStore,
  StepReport,
} from './types';
