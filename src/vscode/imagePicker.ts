import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { plainText } from './plainText';
import type { ImageAttachment } from '../shared/contract';
import { imageProblem, MAX_IMAGE_BYTES, MAX_IMAGES, sniffImageType } from '../shared/images';

/** The attach button: a native open dialog; refused files are named in a warning. */
export async function pickImages(): Promise<ImageAttachment[]> {
  const uris = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: vscode.l10n.t('Attach'),
    title: vscode.l10n.t('Attach images to the prompt'),
    filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'gif', 'webp'] },
  });
  if (!uris?.length) return [];
  const images: ImageAttachment[] = [];
  const problems: string[] = [];
  for (const uri of uris.slice(0, MAX_IMAGES)) {
    const name = basename(uri.fsPath);
    try {
      // Checked before reading, so a huge file is never loaded.
      const size = (await stat(uri.fsPath)).size;
      if (size > MAX_IMAGE_BYTES) {
        problems.push(imageProblem(name, 'image/png', size)!);
        continue;
      }
      const bytes = await readFile(uri.fsPath);
      const mediaType = sniffImageType(bytes);
      const problem = imageProblem(name, mediaType ?? 'unknown', bytes.length);
      if (problem || !mediaType) problems.push(problem ?? vscode.l10n.t('{0} could not be read as an image.', name));
      else images.push({ mediaType, data: bytes.toString('base64'), name });
    } catch (err) {
      problems.push(vscode.l10n.t('{0} could not be read: {1}', name, (err as Error).message));
    }
  }
  if (uris.length > MAX_IMAGES) problems.push(vscode.l10n.t('Only the first {0} images were attached.', MAX_IMAGES));
  // File names: plain text.
  if (problems.length) void vscode.window.showWarningMessage(plainText(problems.join(' ')));
  return images;
}
