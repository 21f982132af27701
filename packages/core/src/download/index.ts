export { download, downloadTo } from './download.js';
export { saveResolution, fieldsFor } from './save.js';
export { zipItems, type ZipOptions } from './zip.js';
export { refreshOnce, withRefreshedItem, isRefusedMedia, sameItem, type RefreshItem } from './refresh.js';
export { extractAudio, hasFfmpeg, FFMPEG_HINT, type ExtractAudioOptions } from './audio.js';
export { renderTemplate, outputPath, DEFAULT_TEMPLATE, type RenderOptions } from './template.js';
export { sanitizeFilename, type SanitizeOptions } from './sanitize.js';
