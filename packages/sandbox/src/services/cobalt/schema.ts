/**
 * cobalt's request body schema (api/src/processing/schema.js via services.md §3): zod
 * `.strict()`, so an unknown key is `error.api.invalid_body`; everything but `url` optional.
 */
import * as z from 'zod';

export const CobaltRequestSchema = z
  .object({
    url: z.string().min(1).max(1024),
    downloadMode: z.enum(['auto', 'audio', 'mute']).default('auto'),
    audioFormat: z.enum(['best', 'mp3', 'ogg', 'wav', 'opus']).default('mp3'),
    audioBitrate: z.enum(['320', '256', '128', '96', '64', '8']).default('128'),
    filenameStyle: z.enum(['classic', 'pretty', 'basic', 'nerdy']).default('basic'),
    videoQuality: z.enum(['max', '4320', '2160', '1440', '1080', '720', '480', '360', '240', '144']).default('1080'),
    disableMetadata: z.boolean().default(false),
    alwaysProxy: z.boolean().default(false),
    localProcessing: z.enum(['disabled', 'preferred', 'forced']).default('disabled'),
    subtitleLang: z.string().min(2).max(8).optional(),
    allowH265: z.boolean().default(false),
    tiktokFullAudio: z.boolean().default(false),
    youtubeVideoCodec: z.enum(['h264', 'av1', 'vp9']).default('h264'),
    youtubeVideoContainer: z.enum(['auto', 'mp4', 'webm', 'mkv']).default('auto'),
    youtubeDubLang: z.string().min(2).max(8).optional(),
    youtubeBetterAudio: z.boolean().default(false),
    youtubeHLS: z.boolean().default(false),
    convertGif: z.boolean().default(true),
  })
  .strict();

export type CobaltRequest = z.infer<typeof CobaltRequestSchema>;

/** express.json({ limit: 1024 }) */
export const BODY_LIMIT_BYTES = 1024;
