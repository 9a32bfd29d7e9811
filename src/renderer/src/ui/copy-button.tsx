import { useEffect, useState } from 'react';
import { IconCheck, IconCopy } from './icons';

/** Copies a value such as a folder path; shows a tick for a moment when it worked. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Clipboard access can be refused; the value is still selectable on screen.
    }
  };
  return (
    <button type="button" className="icon-btn" onClick={() => void copy()} aria-label={copied ? 'Copied' : `Copy ${label}`} title={copied ? 'Copied' : `Copy ${label}`}>
      {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
    </button>
  );
}
