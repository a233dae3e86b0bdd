import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { command } from '../../app/commands/command';
import { err, ok } from '../../app/result';
import { createDispatcher } from './dispatch';
import type { Logger } from './ports';

const commands = {
  'shift.open': command(z.object({ float: z.number().int().nonnegative() })).returns<{
    float: number;
  }>(),
  'shift.crash': command(z.object({})).returns<void>(),
  'shift.refuse': command(z.object({})).returns<void>(),
};

function setup() {
  const logged: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
  };
  const dispatcher = createDispatcher({
    commands,
    logger,
    handlers: {
      'shift.open': ({ float }) => ok({ float }),
      'shift.crash': () => {
        throw new Error('disk on fire');
      },
      'shift.refuse': () => Promise.resolve(err('shift.closed', 'The shift is closed')),
    },
  });
  return { ...dispatcher, logged };
}

describe('the command dispatcher', () => {
  it('answers a valid command with its value', async () => {
    const { send } = setup();
    expect(await send('shift.open', { float: 20000 })).toEqual({
      ok: true,
      value: { float: 20000 },
    });
  });

  it('refuses malformed arguments with a typed error naming the field', async () => {
    const { sendUntyped } = setup();
    const answer = await sendUntyped('shift.open', { float: 12.5 });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('command.invalidArgs');
      expect(answer.error.message).toContain('float');
    }
    expect((await sendUntyped('shift.open', 'garbage')).ok).toBe(false);
  });

  it('refuses an unknown command, including inherited object keys', async () => {
    const { sendUntyped } = setup();
    for (const name of ['shift.nope', 'toString', '__proto__', 'constructor']) {
      const answer = await sendUntyped(name, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'command.unknown' } });
    }
  });

  it('passes a business refusal through unchanged', async () => {
    const { sendUntyped } = setup();
    expect(await sendUntyped('shift.refuse', {})).toEqual({
      ok: false,
      error: { code: 'shift.closed', message: 'The shift is closed' },
    });
  });

  it('turns a crash into an internal error and logs the detail', async () => {
    const { sendUntyped, logged } = setup();
    const answer = await sendUntyped('shift.crash', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(answer)).not.toContain('disk on fire');
    expect(logged.join('\n')).toContain('disk on fire');
  });

  it('refuses to start when a command has no handler', () => {
    expect(() =>
      createDispatcher({
        commands,
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        handlers: { 'shift.open': () => ok({ float: 0 }) } as never,
      }),
    ).toThrow(/No handler for command 'shift.crash'/);
  });
});
