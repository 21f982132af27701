/**
 * The command line surface: commander definitions and help text only. Actions are
 * handed in by the entry point so that this module (and --help) loads nothing heavy.
 */
import { Command, Option } from 'commander';
import { EXIT_CODE_HELP } from './exit-codes.js';
import type { RawOptions } from './options.js';

export interface ProgramActions {
  run(inputs: string[], raw: RawOptions): Promise<number>;
  providers(raw: RawOptions): Promise<number>;
  doctor(link: string[], raw: RawOptions): Promise<number>;
}

const EXAMPLES = `
Examples:
  tiksaver 'https://www.tiktok.com/@creator/video/7301234567890123456'
  tiksaver --compare https://vm.tiktok.com/ZMabc123/      why did my story fail?
  tiksaver -x 'shared text with a link https://vt.tiktok.com/ZSx/'   sound only (MP3)
  tiksaver -a links.txt -P ~/Stories -o '{author}/{id}{index}.{ext}'
  tiksaver --provider native,tikwm --json LINK > report.json
  tiksaver doctor 'https://www.tiktok.com/@creator'
  tiksaver --stories @creator --download-archive seen.txt   each current story once
  tiksaver --sandbox                                    offline demo (lists demo links)

Output template fields: {author} {id} {kind} {index} {count} {date} {provider}
  {caption} {ext} {type} {quality}. Default: '{author}_{id}{index}.{ext}'.

Configuration, key by key: flags > environment > config file > defaults.
Config file (--config FILE, TIKSAVER_CONFIG or ~/.config/tiksaver/config.json) is JSON, e.g.
  {"proxy": "http://127.0.0.1:8080", "cobaltUrl": "https://cobalt.example",
   "providers": ["native", "tikwm"], "outputTemplate": "{author}/{id}{index}.{ext}"}
Environment: TIKSAVER_CONFIG (the config file), TIKSAVER_PROVIDERS, TIKSAVER_EXCLUDE,
TIKSAVER_STRATEGY, TIKSAVER_TIMEOUT, TIKSAVER_PROXY, TIKSAVER_HOST_MAP, TIKSAVER_RETRIES,
TIKSAVER_LIMIT_RATE, TIKSAVER_COBALT_URL, TIKSAVER_COBALT_KEY, TIKSAVER_CODEC, TIKSAVER_OUTPUT,
TIKSAVER_OUTPUT_DIR, TIKSAVER_COOKIES, TIKSAVER_DOWNLOAD_ARCHIVE, TIKSAVER_<PROVIDER>_URL; HTTPS_PROXY/NO_PROXY; NO_COLOR.
All of it is in apps/cli/README.md.
`;

function exitCodesText(): string {
  const lines = EXIT_CODE_HELP.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`);
  return `\nExit codes:\n${lines.join('\n')}\n`;
}

export function buildProgram(version: string, actions: ProgramActions): Command {
  const program = new Command('tiksaver');
  program
    .description(
      'Save TikTok stories, videos and photo posts from a share link. Tries several\n' +
        'resolvers in turn and says which one worked and why each other one failed.\n' +
        'Public content only: ask the creator before reposting their work.',
    )
    .version(version, '-V, --version')
    .argument('[links...]', 'TikTok links or pasted share text (several allowed)')
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  // Input and output
  program
    .option('--stories', "the links are profiles (link or @name): save each creator's current stories")
    .option('-a, --batch-file <file>', 'read links from FILE, one per line ("-" = stdin; # comments)')
    .option('-o, --output <template>', "output name template, e.g. '{author}/{id}{index}.{ext}'")
    .option('-P, --paths <dir>', 'directory to save into (default: current directory)')
    .option('--force', 'overwrite existing files')
    .option('--download-archive <file>', "skip items listed in FILE and add each saved one to it (yt-dlp's format: 'tiktok ID')")
    .option('--restrict-filenames', 'ASCII-only file names without spaces or shell characters')
    .addOption(new Option('--want <kind>', 'what to save').choices(['auto', 'video', 'image', 'audio']))
    .option('-x, --audio', 'save the sound only (same as --want audio)')
    .addOption(new Option('--audio-format <format>', 'audio file format; mp3 converts with ffmpeg when needed').choices(['mp3', 'original']))
    .addOption(new Option('--codec <codec>', 'preferred video codec where a provider offers a choice').choices(['h264', 'h265']));

  // Providers
  program
    .option('--provider <ids>', 'providers to try, in this order (comma list; one id = only that one)')
    .option('--exclude <ids>', 'providers never to try (comma list)')
    .addOption(new Option('--strategy <name>', 'sequential: one after another; hedged: start the next one if the current is slow; all: try every one').choices(['sequential', 'hedged', 'all']))
    .option('--hedge-delay <ms>', 'with --strategy hedged: start the next provider after this long (ms, or 2s)')
    .option('--timeout <seconds>', 'give up on one provider after this long (seconds, or 1500ms)')
    .option('--list-providers', 'list providers, their capabilities and settings, then exit')
    .option('--compare', 'try every provider and show a side-by-side table; saves nothing');

  // Data and verbosity
  program
    .option('-j, --json', 'print the resolve report as JSON on stdout (one line per input), with download results')
    .option('--print-urls', 'print the media URLs on stdout instead of saving')
    .option('-s, --dry-run', 'resolve and show what would be saved, save nothing')
    .option('-q, --quiet', 'no progress; only errors and results on stderr')
    .option('--no-progress', 'plain, line-based status on stderr (also when not a terminal or NO_COLOR is set)')
    .option('-v, --verbose', 'log requests and decisions on stderr');

  // Network and configuration
  program
    .option('--proxy <url>', 'send every request through this proxy (http://, https:// or socks5://)')
    .option('-R, --retries <n>', 'retries for failed requests (GET/HEAD)')
    .option('-r, --limit-rate <rate>', 'download speed cap in bytes/s, e.g. 50K or 4.2M')
    .option('--speed-limit <rate>', 'floor speed: a media URL slower than this (default 1K) for --speed-time gives way to the next URL')
    .option('--speed-time <seconds>', 'how long a download may stay under --speed-limit (default 30; 0 turns the floor off)')
    .option('--host-map <map>', 'route hostnames to other origins: "host=http://127.0.0.1:7001,*.cdn=..." (also TIKSAVER_HOST_MAP)')
    .option('--cookies <file>', "Netscape cookies.txt; its TikTok cookies go to TikTok's own hosts only (also TIKSAVER_COOKIES)")
    .option('--cobalt-url <url>', 'your cobalt instance (enables the cobalt provider)')
    .option('--cobalt-key <key>', 'API key for your cobalt instance')
    .option('--config <file>', 'config file (default $TIKSAVER_CONFIG, else ~/.config/tiksaver/config.json)')
    .option('--no-config', 'ignore the config file')
    .option('--sandbox', 'start the built-in offline sandbox and point every provider at it (demo)');

  program.addHelpText('after', EXAMPLES + exitCodesText());

  program.action(async (links: string[], _opts: RawOptions, cmd: Command) => {
    const raw = cmd.opts<RawOptions>();
    process.exitCode = raw.listProviders ? await actions.providers(raw) : await actions.run(links, raw);
  });

  program
    .command('providers')
    .description('list providers: ids, capabilities, base URLs, configured or not (--json for data)')
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await actions.providers(cmd.optsWithGlobals<RawOptions>());
    });

  program
    .command('doctor')
    .description('explain a link without downloading: kind, id, story or not, what to do')
    .argument('<link...>', 'a TikTok link or pasted share text')
    .option('--online', 'also expand short links over the network')
    .action(async (link: string[], _opts: unknown, cmd: Command) => {
      process.exitCode = await actions.doctor(link, cmd.optsWithGlobals<RawOptions>());
    });

  return program;
}
