/** Hands a file to the browser as a download named `name`. */
export function saveFile(content: Blob | string, name: string, type: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Chromium reads the blob after click() returns: revoke later, not now.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
