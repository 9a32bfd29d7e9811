/** The consumption engine and its storage: everything the module's routes and jobs call. */
export { ingestReadings } from './ingest';
export { consumption, monthly } from './consumption';
export { live, monthlySummary, summary, STALE_AFTER_POLLS } from './reports';
export { deleteRawReadingsBefore, listReadings, MAX_PAGE } from './readings';
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
export { isoLocal, localDayStart, offsetAt, periodBoundaries } from './time-zone';
export type * from './types';
