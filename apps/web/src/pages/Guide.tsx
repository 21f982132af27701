/** The short guide, in our own words. */
export function Guide() {
  return (
    <article className="guide">
      <h1>Saving a TikTok story: a short guide</h1>
      <p className="lead">A story lives for about a day. Get the link while you can still watch it; everything else can wait.</p>

      <h2>1. Copy the story link</h2>
      <ol>
        <li>Open the story in the TikTok app while it is still up.</li>
        <li>Tap <strong>Share</strong>, then <strong>Copy link</strong>.</li>
        <li>Paste it into the box on the first page. The whole share text is fine: tiksaver picks out the link.</li>
      </ol>
      <p>
        On Android, once tiksaver is installed from the browser menu (<em>Add to home screen</em>), you can skip copying: tap <strong>Share</strong> in TikTok and pick
        tiksaver.
      </p>
      <p>
        Check that it is the story's own link. A link to the creator's profile or to a sound page lists many things, so there is nothing single to save: tiksaver tells
        you straight away when a link is one of those. A link to a comment is fine: tiksaver saves the post the comment is on. Share text that holds both a profile and a
        post link is fine too: tiksaver uses the post and says so.
      </p>

      <h2>2. Choose what you want out of it</h2>
      <p>
        Not every story is a clip. Photo stories give you the pictures (one by one or all in a zip), clips give you the video, and <strong>Audio</strong> keeps only the
        sound. <strong>Auto</strong> picks whatever the story is.
      </p>

      <h2>3. Save the file</h2>
      <p>
        The answer comes right under the box: a <strong>Download</strong> button for the video, the photo, all images as a zip or the MP3, or a plain sentence saying why
        it cannot be saved. tiksaver first asks TikTok's own page, then public download services; the line below the answer says which one found it, and opens into every
        provider's answer. If every one fails for a story that still plays in the app, open <a href="/compare">Compare providers</a> to see all the answers side by side.
      </p>
      <p>
        If you asked for something the post does not have (images from a video, say), tiksaver says what the post has and offers it in one click. <strong>Save as</strong>{' '}
        goes back to Auto on your next visit unless you keep it in Settings.
      </p>

      <h2>What usually goes wrong</h2>
      <ul>
        <li>
          <strong>The story has expired</strong> or the creator deleted it. That is the most common case.
        </li>
        <li>
          <strong>The account is private</strong> or the story is only for friends or adults. tiksaver only saves what anyone can see.
        </li>
        <li>
          <strong>The wrong link</strong>: a profile, a comment, a sound page or a LIVE instead of the story itself.
        </li>
        <li>
          <strong>A video-only tool</strong>: some services handle normal videos but not photo stories; tiksaver tries others for you.
        </li>
      </ul>

      <h2>Why an expired story cannot be saved</h2>
      <p>
        When a story expires, TikTok stops serving it: the page says it no longer exists and the media files behind it go away. No downloader keeps a secret copy, so
        there is nothing left to fetch. tiksaver says so at once and stops, rather than trying service after service. Screen recordings or cached previews rarely help either;
        next time, save it while it is up.
      </p>

      <h2>Be fair to creators</h2>
      <p>Keep what you save for yourself: reference, backup, watching offline. Before reposting someone else's story, ask them and give credit.</p>
    </article>
  );
}
