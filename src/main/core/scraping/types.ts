/**
 * The scraping contract. The plain-data task and result types live in src/shared (modules and
 * pages use them too); what only the main side needs is here.
 */
export type {
  ScrapeArtifact,
  ScrapeAuth,
  ScrapeResult,
  ScrapeStep,
  ScrapeStepType,
  ScrapeTask,
  ScrapeValue,
  StepReport,
} from '../../../shared/scraping';
import type { StepReport } from '../../../shared/scraping';

/** Where the app keeps sessions: encrypted by the caller (e.g. the SecretStore); values are opaque JSON. */
export interface SessionStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Failure artifacts go here; none are written without it. */
  artifactsDir?: string;
  /** Called after each step with its report; errors it throws are ignored. */
  onStep?: (report: StepReport) => void;
  /** Overrides the service's session store for this task, e.g. one scoped to a module. */
  sessions?: SessionStore;
}
