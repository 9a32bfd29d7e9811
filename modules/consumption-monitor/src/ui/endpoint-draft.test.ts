import { describe, expect, it } from 'vitest';
import type { EndpointView } from './api';
import { fromEndpoint, newDraft, toBody } from './endpoint-draft';
import { emptyStep, fromDrafts, moveStep, toDrafts } from './steps';

const saved: EndpointView = {
  id: 7,
  name: 'Rack A3',
  ipAddress: '10.0.0.5',
  type: 'PDU',
  vendor: null,
  location: 'Hall 1',
  clientName: 'ACME',
  authType: 'form',
  authConfig: { username: 'op', loginUrl: '/login', usernameSelector: '#u', passwordSelector: '#p', submitSelector: '#go' },
  scrapingConfig: {
    path: '/status',
    valueSelector: '#kwh',
    steps: [
      { type: 'waitForSelector', selector: '#table', state: 'visible' },
      { type: 'extract', name: 'power', selector: '#w', regex: '(\\d+)', decimal: ',', optional: true },
    ],
  },
  enabled: true,
  pollInterval: 15,
  pricePerKwh: 0.3,
  lastReadAt: null,
  createdAt: 0,
  updatedAt: 0,
  hasPassword: true,
};

describe('the endpoint form model', () => {
  it('turns a stored endpoint into the form and back without losing a field, keeping the stored password', () => {
    const { body, problems } = toBody(fromEndpoint(saved), saved.hasPassword);
    expect(problems).toEqual([]);
    expect(body).toEqual({
      name: 'Rack A3',
      ipAddress: '10.0.0.5',
      type: 'PDU',
      vendor: null,
      location: 'Hall 1',
      clientName: 'ACME',
      enabled: true,
      pollInterval: 15,
      pricePerKwh: 0.3,
      authType: 'form',
      authConfig: saved.authConfig,
      scrapingConfig: saved.scrapingConfig,
    });
  });

  it('sends a typed password, null to clear the stored one, and null when the login is switched off', () => {
    const draft = fromEndpoint(saved);
    expect(toBody({ ...draft, password: 'new' }, true).body.authConfig).toMatchObject({ password: 'new' });
    expect(toBody({ ...draft, clearPassword: true }, true).body.authConfig).toMatchObject({ password: null });
    expect(toBody({ ...draft, authType: 'none' }, true).body.authConfig).toEqual({ password: null });
  });

  it('names every missing field as the routes do, before anything is sent', () => {
    const { problems } = toBody({ ...newDraft(), authType: 'basic', pollInterval: '0', pricePerKwh: '-1' }, false);
    expect(problems.map((p) => p.field)).toEqual([
      'body.name',
      'body.ipAddress',
      'body.pollInterval',
      'body.pricePerKwh',
      'body.authConfig.username',
      'body.authConfig.password',
      'body.scrapingConfig.valueSelector',
    ]);
  });

  it('accepts a "Read value" step for totalKwh instead of a value selector, and names a bad step by number', () => {
    const extract = { ...emptyStep('extract'), selector: '#kwh' };
    const ok = toBody({ ...newDraft(), name: 'M', ipAddress: 'meter.local', steps: [extract] }, false);
    expect(ok.problems).toEqual([]);
    expect(ok.body.scrapingConfig).toEqual({ steps: [{ type: 'extract', name: 'totalKwh', selector: '#kwh' }] });

    const bad = toBody({ ...newDraft(), name: 'M', ipAddress: 'meter.local', steps: [extract, { ...emptyStep('wait'), ms: 'soon' }, { ...extract, regex: '(' }] }, false);
    expect(bad.problems).toEqual([
      { field: 'body.scrapingConfig.steps[1].milliseconds', message: 'step 2: milliseconds must be a whole number from 0 to 60000' },
      { field: 'body.scrapingConfig.steps[2].regex', message: expect.stringMatching(/^step 3: regex is not valid/) },
    ]);
  });
});

describe('the step builder model', () => {
  it('reads stored steps of every type and writes them back the same', () => {
    const steps = [
      { type: 'goto', url: '/a', timeout: 5000 },
      { type: 'click', selector: '#b', frame: 'main' },
      { type: 'fill', selector: '#c', value: 'x' },
      { type: 'select', selector: '#d', value: '2' },
      { type: 'press', key: 'Enter', selector: '#e' },
      { type: 'wait', ms: 250 },
      { type: 'waitForSelector', selector: '#f', state: 'attached' },
      { type: 'extract', name: 'voltage', selector: '#g', attribute: 'data-v' },
    ];
    expect(fromDrafts(toDrafts(steps))).toEqual({ steps, issues: [] });
  });

  it('moves a step up and down and leaves the list as it is at either end', () => {
    expect(moveStep(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveStep(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveStep(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
