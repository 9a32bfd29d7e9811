import { describe, expect, it } from 'vitest';
import { callCommand, constraintsOf, fieldRows, isEmptyInput, sampleValue, shapeOf, shellQuote, typeText } from './json-schema';

describe('reading route schemas', () => {
  it('names types plainly', () => {
    expect(typeText({ type: 'string' })).toBe('string');
    expect(typeText({ type: ['string', 'null'] })).toBe('string | null');
    expect(typeText({ enum: ['debug', 'info'] })).toBe('"debug" | "info"');
    expect(typeText({ type: 'array', items: { type: 'integer' } })).toBe('integer[]');
    expect(typeText({ type: 'array', items: { enum: ['a', 'b'] } })).toBe('("a" | "b")[]');
    expect(typeText({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBe('string | number');
    expect(typeText(null)).toBe('any');
  });

  it('says the limits in words', () => {
    expect(constraintsOf({ type: 'string', minLength: 1, maxLength: 60 })).toEqual(['1–60 characters']);
    expect(constraintsOf({ type: 'integer', minimum: 1, maximum: 1000, default: 200 })).toEqual(['1–1000', 'default: 200']);
    expect(constraintsOf({ type: 'string', format: 'date-time', pattern: '^x' })).toEqual(['format: date-time', 'pattern: ^x']);
    expect(constraintsOf({ type: 'number', minimum: 0 })).toEqual(['at least 0']);
  });

  it('flattens nested fields under their parent, marking the required ones', () => {
    const rows = fieldRows({
      type: 'object',
      required: ['meter'],
      properties: {
        meter: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'The meter' } } },
        readings: { type: 'array', items: { type: 'object', properties: { kwh: { type: 'number' } } } },
      },
    });
    expect(rows.map((r) => [r.name, r.type, r.required, r.depth])).toEqual([
      ['meter', 'object', true, 0],
      ['meter.id', 'string', true, 1],
      ['readings', 'object[]', false, 0],
      ['readings[].kwh', 'number', false, 1],
    ]);
    expect(rows[1]?.description).toBe('The meter');
  });

  it('describes answers that are not objects', () => {
    expect(shapeOf({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } })).toEqual({
      summary: 'array of objects, each with:',
      fields: [expect.objectContaining({ name: '[].name' })],
    });
    expect(shapeOf({ type: 'string' })).toEqual({ summary: 'string', fields: [] });
    expect(isEmptyInput({ type: 'object', properties: {} })).toBe(true);
    expect(isEmptyInput(null)).toBe(true);
    expect(isEmptyInput({ type: 'object', properties: { a: { type: 'string' } } })).toBe(false);
  });
});

describe('nxforge call commands', () => {
  it('quotes only what the shell would mangle', () => {
    expect(shellQuote('/greeting')).toBe('/greeting');
    expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('fills path parameters, required query fields and a body of required fields', () => {
    expect(callCommand({ module: 'hello-world', method: 'GET', path: '/greeting', input: { params: null, query: { type: 'object', properties: { name: { type: 'string' } } }, body: null } })).toBe(
      'nxforge call hello-world GET /greeting',
    );
    expect(
      callCommand({
        module: 'core',
        method: 'PUT',
        path: '/modules/:name/settings',
        input: {
          params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
          query: { type: 'object', required: ['level'], properties: { level: { enum: ['info', 'warn'] } } },
          body: { type: 'object', required: ['values', 'dry'], properties: { values: { type: 'object', additionalProperties: {} }, dry: { type: 'boolean' } } },
        },
      }),
    ).toBe(`nxforge call core PUT /modules/NAME/settings --query level=info --body '{"values":{},"dry":false}'`);
  });

  it('makes placeholders from field names', () => {
    expect(sampleValue({ type: 'string' }, 'endpointId')).toBe('ENDPOINT_ID');
    expect(sampleValue({ type: 'integer', minimum: 5 }, 'n')).toBe(5);
    expect(sampleValue({ type: 'string', default: 'UTC' }, 'tz')).toBe('UTC');
  });
});
