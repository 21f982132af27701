/**
 * The contract of the streaming downloader (implemented in ./download.ts).
 */
import type { HttpClient } from '../http/types.js';
import type { MediaItem, Resolution } from '../schemas.js';
import type { FilePlanSettings } from './plan.js';
import type { RefreshItem } from './refresh.js';

export interface DownloadProgress {
  /** Bytes on disk for this file so far (includes resumed bytes). */
  bytes: number;
  total?: number;
  /** Bytes per second, smoothed. */
  rate: number;
  etaSec?: number;
}

/** Values available to output-name templates. */
export interface TemplateFields {
  author?: string;
  id: string;
  kind: string;
  /** 1-based position in a multi-item post; rendered as "_01" etc. when the post has several items. */
  index?: number;
  count?: number;
  date?: string;
  provider?: string;
  caption?: string;
  ext: string;
  type?: string;
  quality?: string;
}

export interface DownloadOptions {
  http: HttpClient;
  /** Output directory (-P). Default: cwd. */
  dir?: string;
  /** yt-dlp-like template (-o). Default '{author}_{id}{index}.{ext}'. */
  template?: string;
  fields: TemplateFields;
  force?: boolean;
  restrictFilenames?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Resume an existing .part file when possible. Default true. */
  resume?: boolean;
  /** Asked once when the media host refuses every URL with 403 (a stale page session, see refresh.ts). */
  refresh?: RefreshItem;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  resumed: boolean;
  url: string;
  item: MediaItem;
}

/** Naming and conversion as planFiles takes them, plus how to download. */
export interface SaveOptions extends Omit<DownloadOptions, 'fields' | 'onProgress'>, FilePlanSettings {
  /** Bounded concurrency for multi-image posts. Default 4. */
  concurrency?: number;
  onProgress?: (index: number, progress: DownloadProgress) => void;
}
