import { defineModule, RouteError } from '@nxforge/sdk';

interface GreetQuery {
  name?: string;
}

export default defineModule({
  activate(ctx) {
    const insert = ctx.db.prepare(`INSERT INTO ${ctx.db.tablePrefix}greetings (name, message) VALUES (?, ?)`);
    const count = ctx.db.prepare(`SELECT count(*) AS total FROM ${ctx.db.tablePrefix}greetings`);

    ctx.routes.get<Record<string, string>, GreetQuery>(
      '/greeting',
      {
        summary: 'Greets someone and remembers it',
        query: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 60 } },
          additionalProperties: false,
        },
        output: {
          type: 'object',
          properties: { message: { type: 'string' }, total: { type: 'integer' } },
          required: ['message', 'total'],
        },
      },
      ({ query }) => {
        const name = query.name ?? 'world';
        if (name.toLowerCase() === 'nobody') throw new RouteError('VALIDATION', 'Nobody cannot be greeted: give a name.');
        const greeting = ctx.settings.get<string>('greeting');
        let message = `${greeting}, ${name}!`;
        if (ctx.settings.get<boolean>('shout')) message = message.toUpperCase();
        insert.run(name, message);
        const { total } = count.get<{ total: number }>() ?? { total: 0 };
        ctx.events.publish('greeted', { name, total });
        return { message, total };
      },
    );

    ctx.jobs.handle<{ note: string }>('countGreetings', ({ config, progress, log }) => {
      progress(0.5, 'counting');
      const { total } = count.get<{ total: number }>() ?? { total: 0 };
      log.info(`${config.note}: ${total} greeting(s) so far`);
      progress(1);
      return { total };
    });

    ctx.logger.info('Hello World is ready');
  },
});
