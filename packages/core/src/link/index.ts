export { parseLink, inspectLink, type LinkInspection, type LinkNote } from './parse-link.js';
export { describeLink, linkError, type LinkDescription } from './describe-link.js';
export { expandLink, type ExpandLinkOptions } from './expand-link.js';
export { isTikTokCookieHost, isTikTokHost, isDouyinHost, SHORT_LINK_HOSTS, TIKTOK_COOKIE_DOMAINS } from './hosts.js';
