/**
 * Images in a prompt: which ones we accept, checked alike by the webview (paste, drop) and the
 * host (the open dialog). Limits (docs/protocol.md, "Slash commands, images and context usage"):
 * the API rejects an image over 5 MB or over 8000 px on a side, and takes up to 20 images a
 * message on claude.ai; the CLI re-encodes big images itself, but we keep to the API's own
 * figures so an image we pass is valid whatever the CLI does, and the base64 line we write to
 * its stdin stays under ~7 MB per image.
 */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_SIDE = 8000;
export const MAX_IMAGES = 20;
/** base64 of MAX_IMAGE_BYTES. */
export const MAX_IMAGE_BASE64 = Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

export function isImageMediaType(t: string): t is ImageMediaType {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(t);
}

/** Why an image is refused, in words for the user; undefined when it is fine. */
export function imageProblem(name: string, mediaType: string, bytes: number, size?: { width: number; height: number }): string | undefined {
  if (!isImageMediaType(mediaType)) return `${name} is not a PNG, JPEG, GIF or WebP image.`;
  if (bytes > MAX_IMAGE_BYTES) return `${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB; images can be at most 5 MB (the Claude API's limit per image).`;
  if (size && (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE)) {
    return `${name} is ${size.width}×${size.height} px; images can be at most ${MAX_IMAGE_SIDE} px on a side (the Claude API's limit).`;
  }
  return undefined;
}

/** The image type from the file's first bytes: names and clipboard types can lie. */
export function sniffImageType(b: Uint8Array): ImageMediaType | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'image/gif';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
  return undefined;
}
