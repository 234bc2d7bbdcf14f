import type { ImageAttachment } from '../../src/shared/contract';
import { imageProblem, MAX_IMAGE_BYTES, MAX_IMAGES, sniffImageType } from '../../src/shared/images';
import { h, icon } from './dom';
import { t } from './l10n';

/**
 * Images waiting to go with the next prompt: thumbnails with a remove button, and a message
 * when one is refused. Thumbnails are the image's own data: URL (the CSP allows `data:`
 * images; nothing else is loaded), which is also the base64 the prompt carries.
 */
export class AttachmentTray {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly message: HTMLElement;
  private images: ImageAttachment[] = [];
  private pending = 0;

  constructor(private readonly onChange: () => void = () => {}) {
    this.list = h('div', { class: 'attach-list', role: 'list', 'aria-label': t('Attached images') });
    this.message = h('div', { class: 'attach-error', role: 'alert', hidden: true });
    this.el = h('div', { class: 'attachments', hidden: true }, this.list, this.message);
  }

  get count(): number {
    return this.images.length;
  }

  /** True while files are still being read. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Pasted or dropped files: non-images are ignored; refused images are named. */
  async addFiles(files: File[]): Promise<void> {
    const problems: string[] = [];
    const reads = files.map(async (file) => {
      const name = file.name || t('pasted image');
      if (file.size > MAX_IMAGE_BYTES) return problems.push(imageProblem(name, 'image/png', file.size)!);
      this.pending++;
      try {
        const url = await readDataUrl(file);
        const data = url.slice(url.indexOf(',') + 1);
        const mediaType = sniffImageType(decodeHead(data)) ?? file.type;
        const size = await dimensions(url);
        const problem = size ? imageProblem(name, mediaType, file.size, size) : t('{0} could not be read as an image.', name);
        if (problem) return problems.push(problem);
        if (this.images.length >= MAX_IMAGES) return problems.push(t('At most {0} images go with one message.', MAX_IMAGES));
        this.images.push({ mediaType: mediaType as ImageAttachment['mediaType'], data, name: name.slice(0, 300) });
      } finally {
        this.pending--;
      }
      return undefined;
    });
    await Promise.all(reads);
    this.show(problems);
  }

  /** Images the host read after its open dialog (already checked there). */
  addEncoded(images: ImageAttachment[]): void {
    const room = MAX_IMAGES - this.images.length;
    this.images.push(...images.slice(0, Math.max(0, room)));
    this.show(images.length > room ? [t('At most {0} images go with one message.', MAX_IMAGES)] : []);
  }

  /** Hands the images over for sending and empties the tray. */
  take(): ImageAttachment[] {
    const out = this.images;
    this.images = [];
    this.show([]);
    return out;
  }

  private remove(index: number): void {
    this.images.splice(index, 1);
    this.show([]);
  }

  private show(problems: string[]): void {
    this.message.hidden = problems.length === 0;
    this.message.textContent = [...new Set(problems)].join(' ');
    this.el.hidden = this.images.length === 0 && problems.length === 0;
    this.list.replaceChildren(
      ...this.images.map((img, i) => {
        const label = img.name ?? t('image {0}', i + 1);
        const remove = h('button', { class: 'icon-button attach-remove', title: t('Remove {0}', label), 'aria-label': t('Remove {0}', label) }, icon('close'));
        remove.addEventListener('click', () => this.remove(i));
        return h('div', { class: 'attach-thumb', role: 'listitem', title: label }, h('img', { src: `data:${img.mediaType};base64,${img.data}`, alt: label }), remove);
      }),
    );
    this.onChange();
  }
}

/** Thumbnails of a sent prompt's images, in the transcript. */
export function imageStrip(images: ImageAttachment[]): HTMLElement {
  return h('div', { class: 'user-images' }, ...images.map((img, i) => h('img', { class: 'user-image', src: `data:${img.mediaType};base64,${img.data}`, alt: img.name ?? t('image {0}', i + 1) })));
}

/** The image files in a paste or drop. */
export function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = [...data.files];
  if (files.length === 0) {
    for (const item of data.items) {
      const f = item.kind === 'file' ? item.getAsFile() : null;
      if (f) files.push(f);
    }
  }
  return files.filter((f) => f.type.startsWith('image/') || f.type === '');
}

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

function decodeHead(base64: string): Uint8Array {
  try {
    const bin = atob(base64.slice(0, 24));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

function dimensions(url: string): Promise<{ width: number; height: number } | undefined> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve(undefined);
    img.src = url;
  });
}
