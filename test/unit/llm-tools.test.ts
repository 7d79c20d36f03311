/**
 * Tool definitions from zod schemas and the dispatcher: only registered, allowed tools with
 * valid arguments are ever executed; everything else becomes an error result for the model.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../agents/errors.js';
import { defineTool, toolResultMessage, ToolRegistry } from '../../agents/llm/tools.js';

function setup() {
  const calls: { tool: string; args: unknown }[] = [];
  const searchHotels = defineTool({
    name: 'search_hotels',
    description: 'Hotels in a city under a nightly price.',
    input: z.object({
      city: z.string().min(1),
      maxPrice: z.number().positive().optional(),
      stars: z.number().int().min(1).max(5).default(3),
    }),
    run: (args) => {
      calls.push({ tool: 'search_hotels', args });
      return { hotels: [{ name: `${args.city} Grand`, stars: args.stars }] };
    },
  });
  const getWeather = defineTool({
    name: 'get_weather',
    description: 'Forecast for a city and date.',
    input: z.object({ city: z.string(), date: z.iso.date() }),
    run: (args) => {
      calls.push({ tool: 'get_weather', args });
      return { condition: 'sunny' };
    },
  });
  const failing = defineTool({
    name: 'failing_tool',
    description: 'Always fails.',
    input: z.object({ mode: z.enum(['internal', 'user']) }),
    run: (args) => {
      calls.push({ tool: 'failing_tool', args });
      if (args.mode === 'user') throw new ValidationError('The date is in the past.');
      throw new Error('connection to db-internal:5432 refused (password=hunter2)');
    },
  });
  const registry = new ToolRegistry([searchHotels, getWeather, failing]);
  return { registry, calls };
}

describe('tool definitions', () => {
  it('builds chat tool specs from the zod input schemas', () => {
    const { registry } = setup();
    const specs = registry.toolSpecs();
    expect(specs.map((s) => s.name)).toEqual(['search_hotels', 'get_weather', 'failing_tool']);
    const hotels = specs[0]!;
    expect(hotels.description).toBe('Hotels in a city under a nightly price.');
    expect(hotels.parameters).toMatchObject({
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1 },
        maxPrice: { type: 'number', exclusiveMinimum: 0 },
        stars: { type: 'integer', minimum: 1, maximum: 5, default: 3 },
      },
      required: ['city'],
    });
    expect(hotels.parameters).not.toHaveProperty('$schema');
    expect(registry.toolSpecs(['get_weather']).map((s) => s.name)).toEqual(['get_weather']);
    expect(() => registry.toolSpecs(['nope'])).toThrow(/unknown tool/);
  });

  it('rejects bad registrations', () => {
    const { registry } = setup();
    const input = z.object({});
    expect(() => registry.register({ name: 'search_hotels', description: '', input, run: () => 1 })).toThrow(
      /already registered/,
    );
    expect(() => registry.register({ name: 'bad name!', description: '', input, run: () => 1 })).toThrow(
      /invalid tool name/,
    );
    expect(() =>
      registry.register({ name: 'scalar', description: '', input: z.string(), run: () => 1 }),
    ).toThrow(/JSON object/);
  });
});

describe('tool dispatch', () => {
  it('runs a registered tool with validated arguments (defaults applied)', async () => {
    const { registry, calls } = setup();
    const result = await registry.dispatch({
      id: 'call_1',
      name: 'search_hotels',
      arguments: { city: '北京' },
    });
    expect(result).toMatchObject({
      toolCallId: 'call_1',
      name: 'search_hotels',
      isError: false,
      executed: true,
    });
    expect(result.data).toEqual({ hotels: [{ name: '北京 Grand', stars: 3 }] });
    expect(JSON.parse(result.content)).toEqual(result.data);
    expect(calls).toEqual([{ tool: 'search_hotels', args: { city: '北京', stars: 3 } }]);
    expect(toolResultMessage(result)).toEqual({
      role: 'tool',
      toolCallId: 'call_1',
      content: result.content,
    });
  });

  it('refuses an unknown tool without executing anything', async () => {
    const { registry, calls } = setup();
    for (const name of ['delete_all_users', '__proto__', 'constructor', 'toString', 'run', '']) {
      const result = await registry.dispatch({ id: 'c', name, arguments: {} });
      expect(result.isError, name).toBe(true);
      expect(result.executed).toBe(false);
      expect(result.error?.code).toBe('UNKNOWN_TOOL');
      expect(JSON.parse(result.content)).toMatchObject({ error: { code: 'UNKNOWN_TOOL' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses arguments that do not match the schema, and never executes', async () => {
    const { registry, calls } = setup();
    const cases: unknown[] = [
      {},
      { city: '' },
      { city: 42 },
      { city: '北京', maxPrice: -5 },
      { city: '北京', stars: 9 },
      'not an object',
      ['北京'],
      null,
    ];
    for (const args of cases) {
      const result = await registry.dispatch({ id: 'c', name: 'search_hotels', arguments: args });
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(result.executed).toBe(false);
      expect(result.error?.code).toBe('INVALID_ARGUMENTS');
      expect(result.error?.issues?.length).toBeGreaterThan(0);
    }
    const weather = await registry.dispatch({
      id: 'c',
      name: 'get_weather',
      arguments: { city: 'x', date: '2027-02-30' },
    });
    expect(weather.error?.issues?.[0]).toMatch(/^date: /);
    expect(calls).toEqual([]);
  });

  it('refuses arguments that were not valid JSON', async () => {
    const { registry, calls } = setup();
    const result = await registry.dispatch({
      id: 'c',
      name: 'search_hotels',
      arguments: undefined,
      argumentsError: 'Unexpected end of JSON input',
    });
    expect(result).toMatchObject({ isError: true, executed: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(calls).toEqual([]);
  });

  it('refuses a registered tool outside the allow-list', async () => {
    const { registry, calls } = setup();
    const result = await registry.dispatch(
      { id: 'c', name: 'search_hotels', arguments: { city: '北京' } },
      { allow: ['get_weather'] },
    );
    expect(result).toMatchObject({ isError: true, executed: false, error: { code: 'NOT_ALLOWED' } });
    expect(calls).toEqual([]);
  });

  it('turns a failing tool into an error result without leaking internals', async () => {
    const { registry } = setup();
    const internal = await registry.dispatch({
      id: 'c1',
      name: 'failing_tool',
      arguments: { mode: 'internal' },
    });
    expect(internal).toMatchObject({
      isError: true,
      executed: true,
      error: { code: 'TOOL_FAILED', message: 'The tool failed.' },
    });
    expect(internal.content).not.toMatch(/hunter2|db-internal/);
    expect((internal.cause as Error).message).toMatch(/hunter2/); // kept for the logs only
    const user = await registry.dispatch({ id: 'c2', name: 'failing_tool', arguments: { mode: 'user' } });
    expect(user.error?.message).toBe('The date is in the past.');
  });

  it('caps huge results and reports unserialisable ones as failures', async () => {
    const registry = new ToolRegistry([
      defineTool({
        name: 'big',
        description: '',
        input: z.object({}),
        run: () => ({ text: 'x'.repeat(50_000) }),
      }),
      defineTool({ name: 'bigint', description: '', input: z.object({}), run: () => ({ n: 10n }) }),
    ]);
    const big = await registry.dispatch({ id: 'a', name: 'big', arguments: {} });
    expect(big.content.length).toBeLessThanOrEqual(16_000);
    expect(JSON.parse(big.content)).toMatchObject({ truncated: true });
    const bigint = await registry.dispatch({ id: 'b', name: 'bigint', arguments: {} });
    expect(bigint).toMatchObject({ isError: true, error: { code: 'TOOL_FAILED' } });
  });

  it('dispatches several calls in order', async () => {
    const { registry, calls } = setup();
    const results = await registry.dispatchAll([
      { id: '1', name: 'get_weather', arguments: { city: '北京', date: '2027-05-10' } },
      { id: '2', name: 'rm_rf', arguments: {} },
      { id: '3', name: 'search_hotels', arguments: { city: '上海' } },
    ]);
    expect(results.map((r) => [r.toolCallId, r.isError])).toEqual([
      ['1', false],
      ['2', true],
      ['3', false],
    ]);
    expect(calls.map((c) => c.tool)).toEqual(['get_weather', 'search_hotels']);
  });
});
