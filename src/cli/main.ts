import { type CliCommand, processIo } from './io.js';

/**
 * Each command's module is imported when it runs: `validate` does not load the certificate analysers,
 * mailparser or ioredis (`npm run bench:start`).
 */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  'check-csr': async () => (await import('./check-csr.js')).checkCsrCommand,
  'check-cert': async () => (await import('./check-cert.js')).checkCertCommand,
  'parse-mail': async () => (await import('./parse-mail.js')).parseMailCommand,
  'check-site': async () => (await import('./check-site.js')).checkSiteCommand,
  'check-dcv': async () => (await import('./check-dcv.js')).checkDcvCommand,
  certs: async () => (await import('./certs.js')).certsCommand,
  export: async () => (await import('./transfer.js')).createExportCommand(),
  import: async () => (await import('./transfer.js')).createImportCommand(),
};

const HELP = `evssl-bot: guides an EV SSL application (acquire or renew) and checks what goes into it.

Usage:
  evssl-bot [run] [--lang ja|en] [--flow acquire|renew]   start the bot (console channel by default)
  evssl-bot validate FIELD VALUE [--domain D] [--country CC]
  evssl-bot check-csr FILE|- [--org NAME] [--country CC]
  evssl-bot check-cert FILE [--csr FILE] [--chain FILE]
  evssl-bot parse-mail FILE|-
  evssl-bot check-site HOST [--port N] [--cert ISSUED.crt] [--csr FILE] [--old OLD.crt]   the installed certificate
  evssl-bot check-dcv DOMAIN --file NAME --content TEXT | RECORD --cname|--txt VALUE | --mail FILE   file/DNS validation
  evssl-bot certs add|list|remove|snooze|ack|renewing|done|resume|team …   renewal reminders (Redis or the SQLite file)
  evssl-bot export FILE | import FILE   move applications and tracked certificates (sealed JSON lines) between stores

Every checking command prints JSON on stdout.

In Slack (/evssl …, or typed in a DM or thread), a reply mail or the console, the same reminders answer
  snooze ID DAYS | ack ID | renewing ID | done ID | resume ID
  certs add DOMAIN YYYY-MM-DD | certs list | certs remove ID   (for that channel's or sender's team)`;

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'run' || name.startsWith('--')) {
    const { main: runBot } = await import('../main.js');
    return runBot(name === 'run' ? rest : argv);
  }
  if (name === 'help' || name === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`Unknown command "${name}".\n\n${HELP}\n`);
    return 2;
  }
  return (await load())(rest, processIo());
}
