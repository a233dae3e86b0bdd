// The core's edge: every command is looked up by name, its arguments are checked with the
// command's zod schema, and its handler's outcome — value, refusal or crash — becomes an Answer.
// Nothing else crosses the process boundary.
import type { Answer, ArgsOf, CommandMap, ParsedArgsOf, ValueOf } from '../../app/commands/command';
import type { Result } from '../../app/result';
import type { Logger } from './ports';

export type Handler<M extends CommandMap, K extends keyof M> = (
  args: ParsedArgsOf<M, K>,
) => Result<ValueOf<M, K>> | Promise<Result<ValueOf<M, K>>>;

/** One handler per command of the map; the compiler refuses a missing or extra one. */
export type Handlers<M extends CommandMap> = { readonly [K in keyof M]: Handler<M, K> };

export type Send<M extends CommandMap> = <K extends keyof M & string>(
  name: K,
  args: ArgsOf<M, K>,
) => Promise<Answer<ValueOf<M, K>>>;

export function createDispatcher<M extends CommandMap>(
  options: Readonly<{ commands: M; handlers: Handlers<M>; logger: Logger }>,
): { send: Send<M>; sendUntyped: (name: string, args: unknown) => Promise<Answer<unknown>> } {
  const { commands, handlers, logger } = options;
  for (const name of Object.keys(commands)) {
    if (typeof handlers[name] !== 'function') throw new Error(`No handler for command '${name}'`);
  }

  async function sendUntyped(name: string, args: unknown): Promise<Answer<unknown>> {
    if (!Object.hasOwn(commands, name)) {
      return {
        ok: false,
        error: { code: 'command.unknown', message: `Unknown command '${name}'` },
      };
    }
    const spec = commands[name] as M[keyof M];
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return {
        ok: false,
        error: {
          code: 'command.invalidArgs',
          message: `Invalid arguments for '${name}'${where}: ${issue?.message ?? 'rejected'}`,
        },
      };
    }
    const handler = handlers[name] as (args: unknown) => ReturnType<Handler<M, keyof M>>;
    try {
      return await handler(parsed.data);
    } catch (error) {
      // A crash is logged with its stack here and reported without internals: the cashier sees
      // a code and a plain message, the log keeps the detail.
      logger.error('command failed', { command: name, error: String(error) });
      return {
        ok: false,
        error: { code: 'internal', message: 'Something went wrong; the action was not completed' },
      };
    }
  }

  return { send: sendUntyped as Send<M>, sendUntyped };
}
