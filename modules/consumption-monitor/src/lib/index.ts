/** The consumption engine and its storage: everything the module's routes and jobs call. */
export { ingestReadings } from './ingest';
export { consumption, monthly } from './consumption';
export { dailyZone, setDailyZone } from './daily';
export { live, monthlySummary, summary, STALE_AFTER_POLLS } from './reports';
export { deleteRawReadingsBefore, listReadings, MAX_PAGE, readingPoints, SERIES_METRICS, type SeriesMetric } from './readings';
export { downsample } from './downsample';
export {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listClientPrices,
  listEndpoints,
  setClientPrice,
  updateEndpoint,
  type AuthType,
  type ClientPrice,
  type Endpoint,
  type EndpointInput,
  type EndpointType,
} from './endpoints';
export { ConsumptionError } from './errors';
export { isoLocal, localDayStart, offsetAt, periodBoundaries, wallClock } from './time-zone';
export type * from './types';
export { cumulativeReadings, importReadings, MAX_IMPORT_BYTES, type ImportFormat, type ImportOptions, type ImportReport } from './import';
export { parseReadingsCsv, type CsvMapping } from './import-csv';
export { parseGreenButton, type GreenButtonMapping, type GreenButtonSource } from './greenbutton';
export { monthlyCsv, readingsCsv, MONTHLY_CSV_HEADER, READINGS_CSV_HEADER, type MonthlyCsvQuery, type ReadingsCsvQuery } from './export-csv';
