/**
 * Browser-safe entry (@tiksaver/core/words): the error table and everything that turns
 * errors and attempt reasons into words, with no runtime dependency (no zod, no HTTP), so
 * the web page renders them itself from the data the API sends.
 */
export { ERROR_CODES, ERROR_CODE_NAMES, isErrorCode, type ErrorCode, type SerializedError } from './errors.js';
export { ERROR_WORDS, type ErrorWords } from './error-words.js';
export { renderHint, hintSettings, SETTING_NAMES, RUN_OPTION_NAMES, type Hint, type HintPart, type RunOptionName, type SettingName, type SettingNamer } from './hints.js';
export { describeReason, MEDIA_WORDS } from './engine/describe-reason.js';
export type { AttemptReason } from './schemas.js';
