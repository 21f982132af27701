/**
 * Under the link doctor's "this is a profile" explanation: a button that lists the creator's
 * current stories (thumbnail, kind, time left), each with Save, plus Save all as one zip.
 * Only stories that are up right now, and only public accounts (issue 14).
 */
import { useEffect, useState } from 'react';
import { formatRemaining } from '../lib/format.js';
import { fetchStories, profileName, type WebStory, type WebStoryList } from '../lib/stories.js';
import { ApiFailure } from '../lib/api.js';
import { Notice } from './Notice.js';
import './profile-stories.css';

type State = { status: 'idle' } | { status: 'loading' } | { status: 'done'; list: WebStoryList } | { status: 'error'; message: string; hint: string };

function StoryThumb({ story }: { story: WebStory }) {
  const items = story.report?.result?.items ?? [];
  const image = items.find((i) => i.type === 'image');
  const video = items.find((i) => i.type === 'video');
  if (image) return <img className="story-thumb" src={`${image.downloadUrl}?inline=1`} alt="" loading="lazy" />;
  if (video) return <video className="story-thumb" src={`${video.downloadUrl}?inline=1#t=0.1`} muted playsInline preload="metadata" aria-hidden="true" />;
  return <div className="story-thumb story-thumb-empty" aria-hidden="true" />;
}

function saveLink(story: WebStory): { href: string; label: string } | undefined {
  const result = story.report?.result;
  if (!result) return undefined;
  const chosen = result.selected.map((i) => result.items[i]).filter((i) => i !== undefined);
  if (chosen.length > 1 && result.zipUrl) return { href: result.zipUrl, label: `Save ${chosen.length} files` };
  const first = chosen[0] ?? result.items[0];
  return first ? { href: first.downloadUrl, label: 'Save' } : undefined;
}

function timeLeft(expiresAt: string | undefined): string {
  if (!expiresAt) return 'time left unknown';
  const left = Date.parse(expiresAt) - Date.now();
  return left > 0 ? `${formatRemaining(left)} left` : 'expired';
}

function StoryRow({ story }: { story: WebStory }) {
  const save = saveLink(story);
  const failed = story.report && !story.report.ok ? story.report.error : undefined;
  return (
    <li className="story-row" data-testid="story" data-kind={story.kind}>
      <StoryThumb story={story} />
      <div className="story-info">
        <p className="story-kind">{story.kind === 'photo' ? 'Photo' : 'Video'} story</p>
        <p className="small muted">{timeLeft(story.expiresAt)}</p>
        {failed && <p className="small">{failed.message}</p>}
        {!story.report && <p className="small">Not fetched: the server's request limit was reached. Try again in a minute.</p>}
      </div>
      {save && (
        <a className="button button-small" href={save.href} download>
          {save.label}
        </a>
      )}
    </li>
  );
}

export function ProfileStories({ input }: { input: string }) {
  const [name, setName] = useState<string | undefined>();
  const [state, setState] = useState<State>({ status: 'idle' });

  useEffect(() => {
    setState({ status: 'idle' });
    let live = true;
    void profileName(input).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [input]);

  const show = async () => {
    setState({ status: 'loading' });
    try {
      setState({ status: 'done', list: await fetchStories(input) });
    } catch (error) {
      const body = error instanceof ApiFailure ? error.body : { message: 'The server could not be reached.', hint: 'Check your connection and try again.' };
      setState({ status: 'error', message: body.message, hint: body.hint });
    }
  };

  if (!name) return null;
  const list = state.status === 'done' ? state.list : undefined;
  return (
    <section className="profile-stories" data-testid="profile-stories" aria-live="polite">
      <button type="button" className="button button-primary" onClick={() => void show()} disabled={state.status === 'loading'}>
        {state.status === 'loading' ? 'Looking for stories…' : `Show @${name}'s current stories`}
      </button>
      <p className="small muted">Only stories that are up right now, and only from public accounts.</p>
      {state.status === 'error' && (
        <Notice tone="error" title={state.message} testId="stories-error">
          <p>{state.hint}</p>
        </Notice>
      )}
      {list?.sentence && <p data-testid="stories-none">{list.sentence}</p>}
      {list?.hint && <p className="small">{list.hint}</p>}
      {list && list.stories.length > 0 && (
        <>
          <ul className="story-list">
            {list.stories.map((story) => (
              <StoryRow key={story.id} story={story} />
            ))}
          </ul>
          {list.zipUrl && (
            <a className="button button-primary" href={list.zipUrl} download data-testid="stories-zip">
              Save all (zip)
            </a>
          )}
        </>
      )}
      {list?.operatorCookies && (
        <p className="small muted" data-testid="operator-cookies">
          This server sends its operator's TikTok cookies with requests to TikTok (TIKSAVER_COOKIES), never to a download service.
        </p>
      )}
    </section>
  );
}
