import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { reportError, UsageError } from './context.ts';

/**
 * The `luoshi` command. Each file in ./commands registers its subcommands; they parse arguments,
 * call one domain service and print. Exit codes: 0 success, 1 failure, 2 bad usage.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command('luoshi')
    .description('落实 luoshi — track a policy implementation plan from the document to the quarterly briefing')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const dir = fileURLToPath(new URL('./commands/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  for (const f of files) {
    const mod = (await import(new URL(`./commands/${f}`, import.meta.url).href)) as { default?: (p: Command) => void };
    mod.default?.(program);
  }
  // Subcommands inherit the exit override so that usage errors come back here, not process.exit.
  const inherit = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(inherit);
  };
  program.commands.forEach(inherit);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) return reportError(e);
    return reportError(e);
  }
}
