import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { Want } from '@tiksaver/core';
import { Notice } from '../components/Notice.js';
import { OutputChoice } from '../components/OutputChoice.js';
import { PasteBox } from '../components/PasteBox.js';
import { SettingsPanel } from '../components/SettingsPanel.js';
import { Trace } from '../components/Trace.js';
import { Verdict } from '../components/Verdict.js';
import { linkFromAddress, showLinkInAddress } from '../lib/address.js';
import { checkLink, preloadLinkDoctor, type LinkDescription } from '../lib/link.js';
import { loadSettings, orderedIds, providerSelection, saveSettings, type Settings } from '../lib/settings.js';
import { labelsOf, loadProviders, useProviders } from '../lib/use-providers.js';
import { useResolve } from '../lib/use-resolve.js';

// The result view (players, gallery) loads while the providers are being tried.
const loadResultView = () => import('../components/ResultView.js');
const ResultView = lazy(() => loadResultView().then((m) => ({ default: m.ResultView })));
const ProfileStories = lazy(() => import('../components/ProfileStories.js').then((m) => ({ default: m.ProfileStories })));

export function Home() {
  const providers = useProviders();
  const labels = useMemo(() => labelsOf(providers), [providers]);
  const [settings, setSettings] = useState<Settings>(loadSettings);
  const [text, setText] = useState('');
  const [doctor, setDoctor] = useState<LinkDescription | undefined>();
  // Resolvable links that deserve a word first (a comment link, a normal post rather than a story).
  const [note, setNote] = useState<LinkDescription | undefined>();
  // Share text with several post links: which one is used, and the others to pick instead.
  const [several, setSeveral] = useState<{ used: string; others: string[] } | undefined>();
  const { state, run, reset, cancel } = useResolve(labels);
  const doctorTitle = useRef<HTMLParagraphElement>(null);

  const updateSettings = (next: Settings) => {
    setSettings(next);
    saveSettings(next);
  };

  useEffect(preloadLinkDoctor, []);

  /** from: 'user' adds a history entry; 'address' (load, Back) leaves the address as it is. */
  const submit = async (input: string, { from = 'user', want = settings.want }: { from?: 'user' | 'address' | 'shared'; want?: Want } = {}) => {
    // Whatever the last link left on the page goes, before anything new is shown.
    reset();
    setDoctor(undefined);
    setNote(undefined);
    const check = await checkLink(input);
    setSeveral(check.others ? { used: check.url ?? input, others: check.others } : undefined);
    if (!check.resolvable) {
      // The link doctor answers before anything is fetched.
      setDoctor(check);
      return;
    }
    if (check.url && from !== 'address') showLinkInAddress(check.url, { replace: from === 'shared' });
    // Only what changes the outcome gets a word: a comment link saves its post; a text with
    // a profile and a post link saves the post.
    setNote(check.picked || check.comment ? check : undefined);
    void loadResultView();
    // A paste right after the page opened may come before the provider list arrived.
    const list = providers.length > 0 ? providers : await loadProviders();
    const serverIds = list.map((p) => p.id);
    const selection = serverIds.length > 0 ? providerSelection(serverIds, settings) : undefined;
    const planned = (selection ?? orderedIds(serverIds, settings)).filter((id) => list.find((p) => p.id === id)?.enabled !== false);
    void run({ input: check.picked && check.url ? check.url : input, want, strategy: settings.strategy, ...(selection && { providers: selection }) }, planned);
  };

  // The doctor's answer gets focus like a result would.
  useEffect(() => {
    if (doctor) doctorTitle.current?.focus();
  }, [doctor]);

  // /?url=... (a reload, a shared address, Android's share target): fill the box and go.
  // Back and Forward show the link of that history entry.
  useEffect(() => {
    const fromAddress = (kind: 'address' | 'shared') => {
      const link = linkFromAddress();
      if (!link) {
        reset();
        setText('');
        return;
      }
      setText(link);
      void submit(link, { from: kind });
    };
    const params = new URLSearchParams(window.location.search);
    fromAddress(params.has('text') || params.has('title') ? 'shared' : 'address');
    const onPop = () => window.location.pathname === '/' && fromAddress('address');
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { report, error, busy, rows, cancelled } = state;
  const verdict = report && !report.ok ? report.error : undefined;
  // Comparing helps only where another provider could still change the answer.
  const canCompare = report && verdict && !verdict.final && report.attempts.length > 0 && report.strategy !== 'all';
  const tryAs = (want: Want) => {
    setSettings((s) => ({ ...s, want }));
    if (settings.pinWant) saveSettings({ ...settings, want });
    void submit(report?.input ?? text, { want });
  };

  return (
    <>
      <section className="hero">
        <h1>Save a TikTok story</h1>
        <p className="lead">Paste the link of a story, video or photo post. You get the file, and a line saying which provider found it.</p>
      </section>

      <PasteBox
        value={text}
        onChange={(value) => {
          setText(value);
          if (doctor) setDoctor(undefined);
          if (note) setNote(undefined);
          if (several) setSeveral(undefined);
        }}
        onSubmit={(input) => void submit(input)}
        onCancel={cancel}
        busy={busy}
        {...(doctor && { describedBy: 'link-doctor' })}
      />

      {doctor && (
        <div className="notice notice-warn" role="alert" id="link-doctor" data-testid="link-doctor">
          <p className="notice-title" ref={doctorTitle} tabIndex={-1}>
            {doctor.summary}
          </p>
          <div className="notice-body">
            <p>{doctor.hint}</p>
          </div>
        </div>
      )}

      {several && (
        <Notice tone="info" title={`The text holds ${several.others.length + 1} story or post links; this one is used: ${several.used}`} testId="link-others">
          <p>To save another one instead, pick it:</p>
          <ul>
            {several.others.map((url) => (
              <li key={url}>
                <button type="button" className="link-button" onClick={() => { setText(url); void submit(url); }}>
                  {url}
                </button>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {doctor?.kind === 'profile' && (
        <Suspense fallback={null}>
          <ProfileStories input={text} />
        </Suspense>
      )}

      {note && (
        <Notice tone="info" title={note.summary} testId="link-note">
          <p>{note.hint}</p>
        </Notice>
      )}
      {cancelled && <Notice tone="warn" title="Stopped. Nothing was saved." testId="cancelled" />}

      {verdict && (
        <Verdict
          error={verdict}
          report={report}
          onWant={tryAs}
          {...(canCompare && { compareHref: `/compare?link=${encodeURIComponent(report!.input)}` })}
        />
      )}
      {error && <Verdict error={error} testId="error" />}
      {report?.ok && report.result && (
        <Suspense fallback={<p className="muted">Loading the result…</p>}>
          <ResultView result={report.result} mp3={report.mp3} {...(report.want && { want: report.want })} />
        </Suspense>
      )}
      <Trace rows={rows} busy={busy} labels={labels} {...(report && { report })} />

      <div className="options">
        <OutputChoice value={settings.want} onChange={(want) => updateSettings({ ...settings, want })} />
        <SettingsPanel settings={settings} providers={providers} onChange={updateSettings} />
      </div>
    </>
  );
}
