// Files behind authentication (question audio, recordings, the PDF): fetched with the token
// and handed to the page as blobs, since <audio src> and links cannot send a header.
import { errorFrom, request } from "./http";

export const MAX_RESUME_BYTES = 5 * 1024 * 1024;
export const RESUME_TYPES = [".pdf", ".docx", ".txt"];

export async function fetchBlob(url: string): Promise<Blob> {
  const response = await request(url);
  if (!response.ok) throw await errorFrom(response);
  return response.blob();
}

/** Save a blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
