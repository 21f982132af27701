export { download, downloadTo } from './download.js';
export { openItem, itemUrls, mediaHeaders, type OpenItemOptions, type OpenedItem, type UrlFailure } from './open-item.js';
export { SlabWriter, pipeMediaBody, type SlabWriterOptions } from './slab-writer.js';
export { streamToResponse } from './response-sink.js';
export { saveResolution, fieldsFor } from './save.js';
export { zipItems, type ZipOptions } from './zip.js';
export { extractAudio, hasFfmpeg, FFMPEG_HINT, type ExtractAudioOptions } from './audio.js';
export { renderTemplate, outputPath, DEFAULT_TEMPLATE, type RenderOptions } from './template.js';
export { sanitizeFilename, type SanitizeOptions } from './sanitize.js';
