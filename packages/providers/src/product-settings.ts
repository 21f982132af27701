/**
 * The settings of the whole product: which providers run and how, the network, and where
 * files go. Settings only one provider reads are declared in that provider's folder
 * (`<id>/settings.ts`) and collected by the registry; config.ts joins both tables.
 * Changing a setting's flag, environment variable or parser happens here (or there), once.
 */
import { Strategy } from '@tiksaver/core';
import * as z from 'zod';
import { boolLike, count, duration, hostMap, httpUrl, positiveDuration, proxyUrl, rate } from './config-values.js';
import { idList, idRecord, nonEmptyIdList } from './provider-id-values.js';
import { defineSettings } from './setting-table.js';

export const PRODUCT_SETTINGS = defineSettings({
  providers: { value: nonEmptyIdList, env: 'TIKSAVER_PROVIDERS', flag: '--provider', doc: 'ids to use, in this order (comma list in env and flags)' },
  exclude: { value: idList, env: 'TIKSAVER_EXCLUDE', flag: '--exclude', doc: 'ids never to try' },
  disable: { value: idList, env: 'TIKSAVER_DISABLE', doc: 'ids switched off (listed as disabled)' },
  strategy: { value: Strategy, env: 'TIKSAVER_STRATEGY', flag: '--strategy', doc: 'sequential | hedged | all' },
  hedgeDelayMs: { value: duration('ms'), bareUnit: 'ms', env: 'TIKSAVER_HEDGE_DELAY', flag: '--hedge-delay', aliases: ['hedgeDelay'], doc: 'hedged: start the next provider after this long' },
  timeoutMs: { value: positiveDuration, bareUnit: 's', env: 'TIKSAVER_TIMEOUT', flag: '--timeout', aliases: ['timeout'], doc: 'per provider attempt (and request) timeout' },
  // TIKSAVER_<ID>_TIMEOUT, read by config.ts for every provider id.
  timeouts: { value: idRecord(duration('ms')), bareUnit: 'ms', doc: '{ id: duration }: per provider override of timeoutMs' },
  totalTimeoutMs: { value: positiveDuration, bareUnit: 's', env: 'TIKSAVER_TOTAL_TIMEOUT', aliases: ['totalTimeout'], doc: 'the whole resolution' },
  proxy: { value: proxyUrl, env: 'TIKSAVER_PROXY', flag: '--proxy', doc: 'http(s):// or socks5:// proxy for every request' },
  hostMap: { value: hostMap, env: 'TIKSAVER_HOST_MAP', flag: '--host-map', doc: 'host=http://127.0.0.1:port,*.suffix=origin' },
  retries: { value: count, env: 'TIKSAVER_RETRIES', flag: '--retries', doc: 'retries of failed GET/HEAD requests' },
  limitRateBps: { value: rate, env: 'TIKSAVER_LIMIT_RATE', flag: '--limit-rate', aliases: ['limitRate'], doc: 'download speed cap, bytes/s (50K, 4.2M)' },
  speedLimitBps: { value: rate, env: 'TIKSAVER_SPEED_LIMIT', flag: '--speed-limit', aliases: ['speedLimit'], doc: 'floor speed of media downloads (curl --speed-limit)' },
  speedTimeMs: { value: duration('ms'), bareUnit: 's', env: 'TIKSAVER_SPEED_TIME', flag: '--speed-time', aliases: ['speedTime'], doc: 'how long a download may stay under the floor; 0 turns it off' },
  // TIKSAVER_<ID>_URL, read by config.ts for every provider id.
  baseUrls: { value: idRecord(httpUrl), doc: '{ id: url }: base URL of each service (default: the real sites)' },
  codec: { value: z.enum(['h264', 'h265']), env: 'TIKSAVER_CODEC', flag: '--codec', doc: 'preferred video codec where a provider offers a choice' },
  outputTemplate: { value: z.string().min(1), env: 'TIKSAVER_OUTPUT', flag: '--output', aliases: ['template'], doc: 'file name template' },
  outputDir: { value: z.string().min(1), env: 'TIKSAVER_OUTPUT_DIR', flag: '--paths', aliases: ['dir'], doc: 'directory to save into' },
  restrictFilenames: { value: boolLike, env: 'TIKSAVER_RESTRICT_FILENAMES', flag: '--restrict-filenames', doc: 'ASCII-only file names' },
  audioFormat: { value: z.enum(['mp3', 'original']), env: 'TIKSAVER_AUDIO_FORMAT', flag: '--audio-format', doc: 'mp3 converts with ffmpeg when needed' },
  cookiesFile: { value: z.string().min(1), env: 'TIKSAVER_COOKIES', flag: '--cookies', aliases: ['cookies'], doc: "Netscape cookies.txt whose TikTok cookies go with requests to TikTok's own hosts" },
  downloadArchive: { value: z.string().min(1), env: 'TIKSAVER_DOWNLOAD_ARCHIVE', flag: '--download-archive', doc: "yt-dlp's download archive: listed items are skipped" },
});
