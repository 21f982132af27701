import { useId, useState, type ClipboardEvent, type FormEvent } from 'react';

interface PasteBoxProps {
  value: string;
  onChange(value: string): void;
  /** Called with the text to check and submit (typed, pasted or from the clipboard button). */
  onSubmit(text: string): void;
  busy: boolean;
  label?: string;
  submitText?: string;
  describedBy?: string;
  /** Stops the running resolve (shown while busy). */
  onCancel?(): void;
}

const canReadClipboard = () => typeof navigator !== 'undefined' && typeof navigator.clipboard?.readText === 'function';

/** One box for a link or share text; submits on paste, with a clipboard button where the browser allows it. */
export function PasteBox({ value, onChange, onSubmit, busy, label = 'TikTok link or share text', submitText = 'Save', describedBy, onCancel }: PasteBoxProps) {
  const id = useId();
  const [clipboardNote, setClipboardNote] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setClipboardNote('');
    if (!busy) onSubmit(value);
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text');
    // Only replace the whole box (the usual case); a paste into the middle of text stays an edit.
    const input = event.currentTarget;
    if (!text || busy || input.selectionStart !== 0 || input.selectionEnd !== input.value.length) return;
    event.preventDefault();
    onChange(text.trim());
    onSubmit(text);
  };

  const pasteFromClipboard = async () => {
    try {
      const text = await navigator.clipboard.readText();
      if (!text.trim()) {
        setClipboardNote('The clipboard is empty. Copy the link in TikTok first.');
        return;
      }
      setClipboardNote('');
      onChange(text.trim());
      onSubmit(text);
    } catch {
      // Long-press is touch advice; a mouse and keyboard paste with the shortcut.
      const touch = window.matchMedia('(pointer: coarse)').matches;
      setClipboardNote(`The browser did not allow reading the clipboard. ${touch ? 'Long-press the box and choose Paste.' : 'Click the box and press Ctrl+V (⌘V on a Mac).'}`);
    }
  };

  return (
    <form className="paste-box" onSubmit={submit} role="search">
      <label htmlFor={id} className="paste-label">
        {label}
      </label>
      <div className="paste-row">
        <input
          id={id}
          name="link"
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="https://www.tiktok.com/@user/story/…"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onPaste={onPaste}
          aria-describedby={describedBy}
          enterKeyHint="go"
        />
        {canReadClipboard() && (
          <button type="button" className="button button-ghost" onClick={pasteFromClipboard} disabled={busy}>
            Paste
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Working…' : submitText}
        </button>
        {busy && onCancel && (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {clipboardNote && (
        <p className="small muted" role="status">
          {clipboardNote}
        </p>
      )}
    </form>
  );
}
