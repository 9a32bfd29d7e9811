import { defineModule } from '@nxforge/sdk';
import { endpointRoutes } from './server/endpoint-routes';
import { cleanupReadings, collectConsumption, type CollectConfig } from './server/jobs';
import { reportRoutes } from './server/report-routes';
import { testScrapeRoutes } from './server/test-scrape';
import { transferRoutes } from './server/transfer-routes';

export default defineModule({
  activate(ctx) {
    endpointRoutes(ctx);
    testScrapeRoutes(ctx);
    reportRoutes(ctx);
    transferRoutes(ctx);
    ctx.jobs.handle<CollectConfig>('collectConsumption', (run) => collectConsumption(ctx, run));
    ctx.jobs.handle<{ retentionDays: number | null }>('cleanupReadings', (run) => cleanupReadings(ctx, run));
  },
});
