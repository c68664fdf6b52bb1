const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);

/** Escaped text in which `code` spans become <code> elements. */
export const inlineMarkup = (value: string): string => escapeHtml(value).replace(/`([^`]+)`/g, '<code>$1</code>');

/** Escaped paragraphs, one per blank-line-separated block. */
export const paragraphs = (value: string): string =>
  value
    .split(/\n{2,}/)
    .map((block) => `<p>${inlineMarkup(block)}</p>`)
    .join('\n');
