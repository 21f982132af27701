/**
 * One "deployment" of the VidGap Next.js app: build id, hashed chunk names and the
 * server-action ids baked into them. Every redeploy changes all three, as a real
 * `next build` does (services.md §4a: "action ids ... will change on each site deploy").
 */
import { randomBytes } from 'node:crypto';

export const ACTION_NAMES = ['findContentActionsQueue', 'updateSessionToken', 'updateDownloadToken', 'findUserHighlight', 'findHighlightContents'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export interface Deployment {
  buildId: string;
  actions: Record<ActionName, string>;
  /** chunk file name (under /_next/static/chunks/) -> JS text */
  chunks: Map<string, string>;
  /** Order of <script src> tags on the page. */
  scripts: string[];
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Next's action id: a 2-hex-digit prefix encoding the argument info, then 40 hex digits. */
function actionId(args: 0 | 1 | 2): string {
  return `${['00', '40', '60'][args]}${hex(20)}`;
}

function serverReferences(moduleId: number, refs: Array<[string, ActionName]>, importId: number): string {
  const letters = ['o', 'a', 'i', 's', 'l'];
  const exportsMap = refs.map((_, i) => `${['Cq', 'Ru', 'fQ', 'Xk', 'Lm'][i]}:()=>${letters[i]}`).join(',');
  const lets = refs
    .map(([id, name], i) => `${letters[i]}=(0,r.createServerReference)("${id}",r.callServer,void 0,r.findSourceMapURL,"${name}")`)
    .join(',');
  return `${moduleId}:(e,t,n)=>{"use strict";n.d(t,{${exportsMap}});var r=n(${importId});let ${lets}}`;
}

function chunk(id: number, modules: string[]): string {
  return `"use strict";(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[${id}],{${modules.join(',')}}]);`;
}

export function createDeployment(): Deployment {
  const actions: Record<ActionName, string> = {
    findContentActionsQueue: actionId(1),
    updateSessionToken: actionId(1),
    updateDownloadToken: actionId(2),
    findUserHighlight: actionId(1),
    findHighlightContents: actionId(1),
  };
  const shared = 3000 + Math.floor(Math.random() * 6000);
  const names = {
    webpack: `webpack-${hex(8)}.js`,
    framework: `4bd1b696-${hex(8)}.js`,
    vendor: `1684-${hex(8)}.js`,
    mainApp: `main-app-${hex(8)}.js`,
    actions: `${shared}-${hex(8)}.js`,
    layout: `app/layout-${hex(8)}.js`,
    page: `app/page-${hex(8)}.js`,
  };
  const chunks = new Map<string, string>([
    [names.webpack, `(()=>{"use strict";var e={},t={};function r(o){var n=t[o];if(void 0!==n)return n.exports;var a=t[o]={exports:{}};return e[o](a,a.exports,r),a.exports}r.m=e,r.p="/_next/",self.__next_set_public_path__=function(){}})();`],
    [names.framework, chunk(2341, ['37811:(e,t,n)=>{"use strict";Object.defineProperty(t,"__esModule",{value:!0});t.callServer=function(e,t){return fetch("/",{method:"POST",headers:{"Next-Action":e}})};t.findSourceMapURL=void 0;t.createServerReference=function(e,t){return function(){return t(e,Array.from(arguments))}}}'])],
    [names.vendor, chunk(1684, ['51432:(e,t,n)=>{"use strict";n.d(t,{A:()=>o});let o=e=>String(e).trim()}'])],
    [names.mainApp, chunk(7358, ['19393:()=>{}'])],
    // The extraction action lives in a shared chunk, as Next splits modules used by several routes.
    [
      names.actions,
      chunk(shared, [
        serverReferences(shared * 10 + 7, [[actions.findContentActionsQueue, 'findContentActionsQueue'], [actions.updateDownloadToken, 'updateDownloadToken']], 37811),
      ]),
    ],
    [names.layout, chunk(7177, ['62113:(e,t,n)=>{"use strict";n.d(t,{default:()=>o});let o=()=>null}'])],
    [
      names.page,
      chunk(8974, [
        serverReferences(52740, [[actions.updateSessionToken, 'updateSessionToken'], [actions.findUserHighlight, 'findUserHighlight'], [actions.findHighlightContents, 'findHighlightContents']], 37811),
        `13287:(e,t,n)=>{"use strict";n.r(t),n.d(t,{default:()=>c});var r=n(${shared * 10 + 7});let c=function(){return r.Cq}}`,
      ]),
    ],
  ]);
  return {
    buildId: randomBytes(10).toString('base64url'),
    actions,
    chunks,
    scripts: [names.framework, names.vendor, names.mainApp, names.actions, names.layout, names.page, names.webpack],
  };
}
